package io.breedline.service;

import io.breedline.service.command.IngestCommand;
import io.breedline.service.command.ModelCommand;
import io.breedline.service.command.PreprocessCommand;
import io.breedline.service.command.SinkCommand;
import io.breedline.service.command.StatusCommand;
import io.breedline.service.command.WebCommand;
import io.breedline.service.command.WorkerCommand;
import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The service image's entry point: the commands that run in production. The development checkout's
 * {@code ./breedline} (module {@code cli}) runs these same commands and adds its own (label, kafka, bench).
 */
@Command(
        name = "breedline",
        mixinStandardHelpOptions = true,
        version = "breedline 0.1.0",
        description = "Labels dog photos with their breed, at archive scale.",
        subcommands = {
            IngestCommand.class,
            StatusCommand.class,
            WorkerCommand.class,
            SinkCommand.class,
            ModelCommand.class,
            PreprocessCommand.class,
            WebCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(execute(new CommandLine(new Main()), args));
    }

    /**
     * Runs {@code commandLine} as every Breedline process does: the log format checked before anything logs,
     * java.util.logging routed to logback, errors reported by {@link ErrorHandler}. Returns the exit code.
     */
    public static int execute(CommandLine commandLine, String[] args) {
        Optional<String> badLogFormat = LogFormat.problem(System.getenv(LogFormat.ENV));
        if (badLogFormat.isPresent()) {
            System.err.println("breedline: " + badLogFormat.get());
            return 2;
        }
        // Libraries that log through java.util.logging (jclouds inside s3proxy, on a development checkout) then
        // follow logback's levels.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        return SentenceSummaries.install(commandLine).setExecutionExceptionHandler(new ErrorHandler()).execute(args);
    }

    @Override
    public void run() {
        SentenceSummaries.install(new CommandLine(this)).usage(System.out);
    }
}
