package io.breedline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import io.breedline.ingest.source.ImageExtensions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    @Test
    void defaultsNeedNoVariables() {
        IngestConfig config = IngestConfig.from(Settings.of(Map.of()));

        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topics()).isEqualTo(Topics.defaults());
        assertThat(config.source()).isEmpty();
        assertThat(config.jobId()).isEmpty();
        assertThat(config.extensions()).isEqualTo(ImageExtensions.defaults());
        assertThat(config.s3PageSize()).isEqualTo(1000);
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.s3().endpoint()).isEmpty();
    }

    @Test
    void everyVariableIsRead() {
        IngestConfig config = IngestConfig.from(Settings.of(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "BREEDLINE_TOPIC_IMAGES", "my.images",
                "BREEDLINE_INGEST_SOURCE", "s3://photos/dogs/",
                "BREEDLINE_JOB_ID", "nightly-2025.03.01",
                "BREEDLINE_INGEST_EXTENSIONS", "jpg,PNG",
                "BREEDLINE_INGEST_S3_PAGE_SIZE", "100",
                "BREEDLINE_INGEST_PROGRESS_INTERVAL", "30s",
                "BREEDLINE_S3_ENDPOINT", "http://localhost:9000")));

        assertThat(config.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(config.topics().images()).isEqualTo("my.images");
        assertThat(config.source()).contains("s3://photos/dogs/");
        assertThat(config.jobId()).contains("nightly-2025.03.01");
        assertThat(config.extensions().extensions()).containsExactlyInAnyOrder("jpg", "png");
        assertThat(config.s3PageSize()).isEqualTo(100);
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.s3().endpoint()).hasValueSatisfying(u -> assertThat(u).hasPort(9000));
    }

    @Test
    void folderAndPrefixIngestsTakeTheBulkLaneUnlessTheRunChoosesAnother() {
        IngestConfig config = IngestConfig.from(Settings.of(Map.of("BREEDLINE_TOPIC_IMAGES", "my.images")));
        assertThat(config.lane()).isEmpty();
        assertThat(config.referencesTopic(Lane.BULK)).isEqualTo("my.images");
        assertThat(config.withLane(Lane.PRIORITY).referencesTopic(Lane.BULK)).isEqualTo("my.images.priority");
        assertThat(config.withLane(Lane.PRIORITY).withSource("s3://b/p").lane()).as("kept by the other withers")
                .contains(Lane.PRIORITY);
        assertThat(config.withLane(null).referencesTopic(Lane.PRIORITY)).isEqualTo("my.images.priority");
    }

    @Test
    void aBadPageSizeNamesTheVariable() {
        assertRefused("BREEDLINE_INGEST_S3_PAGE_SIZE", "0", "BREEDLINE_INGEST_S3_PAGE_SIZE='0' must be between 1 and 1000");
        assertRefused("BREEDLINE_INGEST_S3_PAGE_SIZE", "5000", "BREEDLINE_INGEST_S3_PAGE_SIZE='5000' must be between 1 and 1000");
        assertRefused("BREEDLINE_INGEST_S3_PAGE_SIZE", "lots", "BREEDLINE_INGEST_S3_PAGE_SIZE='lots' is not a whole number");
    }

    @Test
    void badExtensionsNameTheVariable() {
        assertRefused("BREEDLINE_INGEST_EXTENSIONS", "jpg,*.png",
                "BREEDLINE_INGEST_EXTENSIONS='jpg,*.png' '*.png' is not a lower-case file extension (letters and digits)"
                        + " (example: jpg,jpeg,png)");
        assertRefused("BREEDLINE_INGEST_EXTENSIONS", ",",
                "BREEDLINE_INGEST_EXTENSIONS=',' must list at least one extension (example: jpg,jpeg,png)");
    }

    @Test
    void aBadJobIdNamesTheVariable() {
        assertRefused("BREEDLINE_JOB_ID", "my job",
                "BREEDLINE_JOB_ID='my job' is not a usable job id: use up to 128 letters, digits, '.', '_' or '-',"
                        + " starting with a letter or digit");
        assertRefused("BREEDLINE_JOB_ID", "x".repeat(129), null);
    }

    @Test
    void aBadTopicOrDurationNamesTheVariable() {
        assertRefused("BREEDLINE_TOPIC_IMAGES", "no spaces", "BREEDLINE_TOPIC_IMAGES='no spaces' is not a legal Kafka topic name");
        assertRefused("BREEDLINE_INGEST_PROGRESS_INTERVAL", "soon", "BREEDLINE_INGEST_PROGRESS_INTERVAL='soon' is not a duration");
        assertRefused("BREEDLINE_INGEST_PROGRESS_INTERVAL", "0s", "BREEDLINE_INGEST_PROGRESS_INTERVAL='PT0S' must be positive");
    }

    @Test
    void aBlankSourceIsNoSource() {
        assertThat(IngestConfig.from(Settings.of(Map.of("BREEDLINE_INGEST_SOURCE", "  "))).source()).isEmpty();
        IngestConfig config = IngestConfig.from(Settings.of(Map.of()));
        assertThat(config.withSource(" ").source()).isEmpty();
        assertThat(config.withSource("/data").source()).isEqualTo(Optional.of("/data"));
    }

    @Test
    void withersCheckToo() {
        IngestConfig config = IngestConfig.from(Settings.of(Map.of()));

        assertThatThrownBy(() -> config.withS3PageSize(0)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BREEDLINE_INGEST_S3_PAGE_SIZE='0'");
        assertThat(config.withJobId("run-1").jobId()).contains("run-1");
        assertThat(config.withS3PageSize(100).s3PageSize()).isEqualTo(100);
    }

    private static void assertRefused(String name, String value, String message) {
        var thrown = assertThatThrownBy(() -> IngestConfig.from(Settings.of(Map.of(name, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(name + "=");
        if (message != null) {
            thrown.hasMessageStartingWith(message);
        }
    }
}
