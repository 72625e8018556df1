package io.breedline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestAppTest {
    @TempDir Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aMissingFolderExitsWithUsageErrorNamingIt() {
        Path missing = tmp.resolve("no-such-folder");

        int code = run(Map.of(), missing.toString());

        assertThat(code).isEqualTo(IngestApp.USAGE);
        assertThat(err()).isEqualTo("ingest: folder " + missing + " does not exist\n");
    }

    @Test
    void anUnknownSchemeIsRefused() {
        assertThat(run(Map.of(), "http://example.com/dogs/")).isEqualTo(IngestApp.USAGE);
        assertThat(err()).contains("source 'http://example.com/dogs/' has an unsupported scheme 'http'");
    }

    @Test
    void theSourceVariableIsUsedWhenNoArgumentIsGivenAndTheArgumentWins() {
        Path fromEnv = tmp.resolve("from-env");
        Path fromArg = tmp.resolve("from-arg");

        assertThat(run(Map.of("BREEDLINE_INGEST_SOURCE", fromEnv.toString()))).isEqualTo(IngestApp.USAGE);
        assertThat(err()).contains("folder " + fromEnv + " does not exist");
        err.reset();
        assertThat(run(Map.of("BREEDLINE_INGEST_SOURCE", fromEnv.toString()), fromArg.toString())).isEqualTo(IngestApp.USAGE);
        assertThat(err()).contains("folder " + fromArg + " does not exist");
    }

    @Test
    void noSourceAtAllIsAUsageError() {
        assertThat(run(Map.of())).isEqualTo(IngestApp.USAGE);
        assertThat(err()).startsWith("ingest: no source given").contains("BREEDLINE_INGEST_SOURCE").contains("--help");
    }

    @Test
    void badConfigurationNamesTheVariable() {
        assertThat(run(Map.of("BREEDLINE_INGEST_S3_PAGE_SIZE", "0"), tmp.toString())).isEqualTo(IngestApp.USAGE);
        assertThat(err()).isEqualTo("ingest: configuration error: BREEDLINE_INGEST_S3_PAGE_SIZE='0' must be between 1 and 1000\n");
    }

    @Test
    void whenKafkaCannotBeReachedTheRunFailsWithTheCountAndExitCodeOne() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("dogs"));
        Files.write(root.resolve("rex.jpg"), new byte[] {1, 2, 3});
        Files.write(root.resolve("fido.jpg"), new byte[] {1, 2, 3});
        // Nothing listens on port 1; give up on metadata after half a second instead of a minute.
        Map<String, String> env = Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "BREEDLINE_KAFKA_MAX_BLOCK_MS", "500",
                "BREEDLINE_TOPIC_IMAGES", "ingest-app-test-images",
                "BREEDLINE_JOB_ID", "job-down");

        int code = run(env, root.toString());

        assertThat(code).isEqualTo(IngestApp.FAILED);
        assertThat(err()).startsWith("ingest: ingest job job-down failed: 1 of 1 references could not be published to"
                + " topic 'ingest-app-test-images' (first error: org.apache.kafka.common.errors.TimeoutException: ");
    }

    @Test
    void aFolderNamedTriggerIsABatchSource() throws IOException {
        Path trigger = Files.createDirectory(tmp.resolve("trigger"));
        Files.write(trigger.resolve("rex.jpg"), new byte[] {1, 2, 3});
        Map<String, String> env = Map.of(
                "BREEDLINE_INGEST_MODE", "batch",
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "BREEDLINE_KAFKA_MAX_BLOCK_MS", "500",
                "BREEDLINE_JOB_ID", "job-trigger-folder");

        assertThat(run(env, "trigger")).as("a relative folder named trigger: here it does not exist")
                .isEqualTo(IngestApp.USAGE);
        assertThat(err()).isEqualTo("ingest: folder " + Path.of("trigger").toAbsolutePath() + " does not exist\n");
        err.reset();
        assertThat(run(env, trigger.toString())).as("its one image was listed and sent to an unreachable Kafka")
                .isEqualTo(IngestApp.FAILED);
        assertThat(err()).startsWith("ingest: ingest job job-trigger-folder failed: 1 of 1 references");
    }

    @Test
    void triggerModeIsChosenByTheVariableOnlyWithoutASource() {
        assertThat(IngestApp.triggerByEnvironment(Optional.empty(), Settings.of(Map.of("BREEDLINE_INGEST_MODE", "Trigger"))))
                .isTrue();
        assertThat(IngestApp.triggerByEnvironment(Optional.empty(), Settings.of(Map.of()))).isFalse();
        assertThat(IngestApp.triggerByEnvironment(Optional.of("trigger"), Settings.of(Map.of("BREEDLINE_INGEST_MODE", "trigger"))))
                .as("a source argument means a backfill").isFalse();
    }

    @Test
    void aTriggerWithoutANotificationSourceIsAUsageErrorNamingTheVariables() {
        int code = IngestApp.trigger(Settings.of(Map.of("BREEDLINE_INGEST_MODE", "trigger")),
                new PrintStream(err, true, StandardCharsets.UTF_8), config -> {
                    throw new AssertionError("must not start");
                });

        assertThat(code).isEqualTo(IngestApp.USAGE);
        assertThat(err()).startsWith("ingest trigger: configuration error: the trigger has no notification source")
                .contains("BREEDLINE_TRIGGER_KAFKA_TOPIC");
    }

    @Test
    void aTriggerThatCannotStartFails() {
        int code = IngestApp.trigger(Settings.of(Map.of("BREEDLINE_TRIGGER_HTTP_PORT", "0")),
                new PrintStream(err, true, StandardCharsets.UTF_8), config -> {
                    throw new IllegalStateException("port taken");
                });

        assertThat(code).isEqualTo(IngestApp.FAILED);
        assertThat(err()).isEqualTo("ingest trigger: cannot start: port taken\n");
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThat(run(Map.of("BREEDLINE_INGEST_MODE", "stream"), tmp.toString())).isEqualTo(IngestApp.USAGE);
        assertThat(err()).contains("BREEDLINE_INGEST_MODE='stream' must be batch or trigger");
    }

    private int run(Map<String, String> env, String... source) {
        return IngestApp.run(source.length == 0 ? Optional.empty() : Optional.of(source[0]), Settings.of(env),
                new PrintStream(err, true, StandardCharsets.UTF_8), Ingestor::new);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
