package io.breedline.service.command;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code -v/--verbose} for the commands an operator runs by hand and reads the output of ({@code ingest},
 * {@code status}): by default they print their progress and results and log warnings and errors only; the services'
 * INFO lines (topics created, clients started) appear with {@code --verbose}. Long-running services (worker, sink,
 * trigger, web) keep logging at INFO: their log is their output. {@code BREEDLINE_LOG_LEVEL}, when set, wins over both.
 *
 * <p>Set through logback's API because the shipped {@code logback.xml} is shared by every command.
 */
public final class Verbosity {
    static final String LOGGER = "io.breedline";

    @Option(names = {"-v", "--verbose"}, description = "Also show the INFO log lines on standard error.")
    boolean verbose;

    /** Applies the choice; call first in the command's {@code call()}. */
    public void apply() {
        apply(verbose, System.getenv("BREEDLINE_LOG_LEVEL") != null);
    }

    static void apply(boolean verbose, boolean levelSetByEnvironment) {
        if (levelSetByEnvironment || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger logger = context.getLogger(LOGGER);
        logger.setLevel(verbose ? Level.INFO : Level.WARN);
    }
}
