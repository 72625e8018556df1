package io.breedline.service.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code ingest trigger} is the subcommand; a folder named {@code trigger} is still a source, written another way. */
class IngestCommandTest {

    @Test
    void triggerIsTheSubcommand() {
        ParseResult r = parse("trigger");
        assertThat(r.subcommand()).isNotNull();
        assertThat(r.subcommand().commandSpec().name()).isEqualTo("trigger");
        assertThat(((IngestCommand) r.commandSpec().userObject()).source).isNull();
    }

    @Test
    void theLaneIsChosenPerRunForABatchAndForTheTrigger() {
        assertThat(((IngestCommand) parse("--lane", "Priority", "/photos").commandSpec().userObject()).lane)
                .isEqualTo(io.breedline.contracts.Lane.PRIORITY);
        assertThat(((IngestCommand) parse("/photos").commandSpec().userObject()).lane).as("the source's own").isNull();
        ParseResult trigger = parse("trigger", "--lane", "bulk");
        assertThat(((IngestCommand.Trigger) trigger.subcommand().commandSpec().userObject()).lane)
                .isEqualTo(io.breedline.contracts.Lane.BULK);

        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new IngestCommand()).setErr(new PrintWriter(err));
        assertThat(cmd.execute("--lane", "fast", "/photos")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown lane 'fast'; expected one of priority, bulk");
    }

    @Test
    void aFolderNamedTriggerIsASourceAfterDoubleDashOrAsAPath() {
        for (List<String> args : List.of(List.of("--", "trigger"), List.of("./trigger"), List.of("/data/trigger"))) {
            ParseResult r = parse(args.toArray(String[]::new));
            assertThat(r.subcommand()).as(args.toString()).isNull();
            assertThat(((IngestCommand) r.commandSpec().userObject()).source).as(args.toString())
                    .isEqualTo(args.get(args.size() - 1));
        }
    }

    @Test
    void ingestDashDashTriggerRunsABatchOverTheFolderNamedTrigger() {
        // Run from the module directory, where there is no folder named trigger: the batch run says so (exit 2).
        // Had "trigger" been taken for the subcommand, it would complain of no notification source instead.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new IngestCommand()).execute("--", "trigger");
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ingest: folder " + java.nio.file.Path.of("trigger").toAbsolutePath() + " does not exist");
        assertThat(code).isEqualTo(2);
    }

    @Test
    void twoSourcesAreRefusedAndHelpNamesTheTriggerAndTheWayAroundIt() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new IngestCommand()).setErr(new PrintWriter(err));
        assertThat(cmd.execute("a", "b")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
        String help = cmd.getUsageMessage();
        assertThat(help).contains("trigger").contains("ingest -- trigger").contains("BREEDLINE_INGEST_SOURCE");
    }

    private static ParseResult parse(String... args) {
        return new CommandLine(new IngestCommand()).parseArgs(args);
    }
}
