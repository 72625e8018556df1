package io.breedline.cli;

import io.breedline.cli.command.BenchCommand;
import io.breedline.cli.command.IngestCommand;
import io.breedline.cli.command.KafkaCommand;
import io.breedline.cli.command.EvaluateCommand;
import io.breedline.cli.command.LabelCommand;
import io.breedline.cli.command.ModelCommand;
import io.breedline.cli.command.PreprocessCommand;
import io.breedline.cli.command.SinkCommand;
import io.breedline.cli.command.StatusCommand;
import io.breedline.cli.command.WebCommand;
import io.breedline.cli.command.WorkerCommand;
import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./breedline}: every Breedline command and service behind one entry point. */
@Command(
        name = "breedline",
        mixinStandardHelpOptions = true,
        version = "breedline 0.1.0",
        description = "Labels dog photos with their breed, at archive scale.",
        subcommands = {
            LabelCommand.class,
            EvaluateCommand.class,
            IngestCommand.class,
            StatusCommand.class,
            WorkerCommand.class,
            SinkCommand.class,
            KafkaCommand.class,
            ModelCommand.class,
            BenchCommand.class,
            PreprocessCommand.class,
            WebCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static void main(String[] args) {
        Optional<String> badLogFormat = LogFormat.problem(System.getenv(LogFormat.ENV));
        if (badLogFormat.isPresent()) {
            System.err.println("breedline: " + badLogFormat.get());
            System.exit(2);
        }
        // Libraries that log through java.util.logging (jclouds inside s3proxy) then follow logback's levels.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = SentenceSummaries.install(new CommandLine(new Main()))
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        SentenceSummaries.install(new CommandLine(this)).usage(System.out);
    }
}
