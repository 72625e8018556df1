package io.breedline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.jdbc.SqlDialect;
import io.breedline.sink.objects.FolderTarget;
import io.breedline.sink.objects.ResultFormat;
import io.breedline.sink.s3.S3Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    private static SinkConfig from(Map<String, String> env) {
        return SinkConfig.from(Settings.of(env));
    }

    @Test
    void defaultsToSqliteAndTheStandardGroup() {
        SinkConfig c = from(Map.of());
        assertThat(c.groupId()).isEqualTo("breedline-sink");
        assertThat(c.topics().predictions()).isEqualTo("breedline.predictions");
        assertThat(c.target()).isInstanceOf(JdbcTarget.class);
        assertThat(((JdbcTarget) c.target()).url()).isEqualTo(JdbcTarget.URL_DEFAULT);
        assertThat(((JdbcTarget) c.target()).dialect()).isEqualTo(SqlDialect.SQLITE);
        assertThat(c.maxPollRecords()).isEqualTo(500);
    }

    @Test
    void infersTheTargetFromWhichUrlIsGiven() {
        SinkConfig pg = from(Map.of("BREEDLINE_SINK_JDBC_URL", "jdbc:postgresql://db:5432/results"));
        assertThat(((JdbcTarget) pg.target()).dialect()).isEqualTo(SqlDialect.POSTGRESQL);

        SinkConfig s3 = from(Map.of("BREEDLINE_SINK_S3_URI", "s3://results-bucket/breedline/out",
                "BREEDLINE_SINK_S3_FLUSH_RECORDS", "50", "BREEDLINE_SINK_S3_FLUSH_INTERVAL", "2s"));
        assertThat(s3.target()).isInstanceOfSatisfying(S3Target.class, t -> {
            assertThat(t.location().bucket()).isEqualTo("results-bucket");
            assertThat(t.location().key()).isEqualTo("breedline/out");
            assertThat(t.flushRecords()).isEqualTo(50);
            assertThat(t.flushInterval()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void anExplicitTargetWinsAndBothUrlsNeedOne() {
        Map<String, String> both = Map.of("BREEDLINE_SINK_S3_URI", "s3://results-bucket/x",
                "BREEDLINE_SINK_JDBC_URL", "jdbc:sqlite:/tmp/r.db");
        assertThatThrownBy(() -> from(both))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BREEDLINE_SINK_TARGET");
        Map<String, String> withTarget = new HashMap<>(both);
        withTarget.put("BREEDLINE_SINK_TARGET", "S3");
        assertThat(from(withTarget).target()).isInstanceOf(S3Target.class);
    }

    @Test
    void parquetObjectsToS3OrToAFolder() {
        assertThat(((S3Target) from(Map.of("BREEDLINE_SINK_S3_URI", "s3://results-bucket/x")).target()).format())
                .isEqualTo(ResultFormat.JSONL);
        assertThat(((S3Target) from(Map.of("BREEDLINE_SINK_S3_URI", "s3://results-bucket/x",
                "BREEDLINE_SINK_FORMAT", "Parquet")).target()).format()).isEqualTo(ResultFormat.PARQUET);
        FolderTarget folder = (FolderTarget) from(Map.of("BREEDLINE_SINK_FOLDER", "/data/labels",
                "BREEDLINE_SINK_FORMAT", "parquet")).target();
        assertThat(folder.folder()).isEqualTo(Path.of("/data/labels"));
        assertThat(folder.format()).isEqualTo(ResultFormat.PARQUET);
    }

    @Test
    void errorsNameTheVariable() {
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_TARGET", "kafka")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BREEDLINE_SINK_TARGET='kafka' must be jdbc, s3 or folder");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_S3_URI", "s3://b-1/x", "BREEDLINE_SINK_FORMAT", "avro")))
                .hasMessageContaining("BREEDLINE_SINK_FORMAT='avro' must be jsonl or parquet");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_TARGET", "folder")))
                .hasMessageContaining("BREEDLINE_SINK_FOLDER");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_TARGET", "s3")))
                .hasMessageContaining("BREEDLINE_SINK_S3_URI is required when BREEDLINE_SINK_TARGET=s3");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_JDBC_URL", "jdbc:mysql://db/results")))
                .hasMessageContaining("BREEDLINE_SINK_JDBC_URL='jdbc:mysql://db/results' must start with jdbc:sqlite: or jdbc:postgresql:");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_S3_URI", "https://bucket/x")))
                .hasMessageStartingWith("BREEDLINE_SINK_S3_URI='https://bucket/x' is not s3://bucket/prefix");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_S3_URI", "s3://b-1/x", "BREEDLINE_SINK_S3_FLUSH_RECORDS", "0")))
                .hasMessageContaining("BREEDLINE_SINK_S3_FLUSH_RECORDS='0' must be between 1 and");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_MAX_POLL_RECORDS", "lots")))
                .hasMessageContaining("BREEDLINE_SINK_MAX_POLL_RECORDS='lots' is not a whole number");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_POLL_TIMEOUT", "1h")))
                .hasMessageContaining("BREEDLINE_SINK_POLL_TIMEOUT");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_RETRY_BACKOFF_INITIAL", "10s", "BREEDLINE_SINK_RETRY_BACKOFF_MAX", "1s")))
                .hasMessageContaining("BREEDLINE_SINK_RETRY_BACKOFF_MAX='PT1S' must not be less than BREEDLINE_SINK_RETRY_BACKOFF_INITIAL");
        assertThatThrownBy(() -> from(Map.of("BREEDLINE_SINK_GROUP_ID", " ", "BREEDLINE_TOPIC_PREDICTIONS", "bad topic")))
                .hasMessageContaining("BREEDLINE_TOPIC_PREDICTIONS");
    }

    @Test
    void thePasswordNeverShowsInToStringOrErrors() {
        SinkConfig c = from(Map.of(
                "BREEDLINE_SINK_JDBC_URL", "jdbc:postgresql://db/results?user=sink&password=url-secret",
                "BREEDLINE_SINK_JDBC_USER", "sink",
                "BREEDLINE_SINK_JDBC_PASSWORD", "env-secret",
                "BREEDLINE_KAFKA_SASL_JAAS_CONFIG", "kafka-secret"));
        assertThat(c.toString())
                .doesNotContain("url-secret", "env-secret", "kafka-secret")
                .contains("user=sink", "password=****");
        assertThat(((JdbcTarget) c.target()).password()).isEqualTo("env-secret");

        assertThatThrownBy(() -> new JdbcTarget("jdbc:oracle:thin:@db?password=url-secret", null, null))
                .hasMessageNotContaining("url-secret");
    }
}
