package io.breedline.service.command;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class VerbosityTest {
    private final Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Verbosity.LOGGER);
    private final Level before = logger.getLevel();

    @AfterEach
    void restore() {
        logger.setLevel(before);
    }

    @Test
    void quietByDefaultVerboseOnRequest() {
        Verbosity.apply(false, false);
        assertThat(logger.isInfoEnabled()).isFalse();
        assertThat(logger.isWarnEnabled()).isTrue();
        Verbosity.apply(true, false);
        assertThat(logger.isInfoEnabled()).isTrue();
    }

    @Test
    void anExplicitLogLevelWins() {
        logger.setLevel(Level.DEBUG);
        Verbosity.apply(false, true);
        assertThat(logger.getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void ingestAndStatusTakeTheOption() {
        IngestCommand ingest = new IngestCommand();
        new CommandLine(ingest).parseArgs("--verbose", "photos");
        assertThat(ingest.verbosity.verbose).isTrue();
        StatusCommand status = new StatusCommand();
        new CommandLine(status).parseArgs("-v", "job-1");
        assertThat(status.verbosity.verbose).isTrue();
        assertThat(new CommandLine(new StatusCommand()).getUsageMessage()).contains("--verbose");
    }
}
