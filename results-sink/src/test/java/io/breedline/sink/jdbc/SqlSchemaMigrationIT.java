package io.breedline.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.Prediction;
import io.breedline.contracts.Sequencer;
import io.breedline.sink.TestResults;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases written before migrations were recorded are upgraded in place by the new sink and keep their rows: the
 * layout before S3 event ordering (no sequencer column) and the one just before migrations (with it), on SQLite and
 * PostgreSQL. The DDL below is what those versions of the sink ran.
 */
class SqlSchemaMigrationIT {
    private static final TopicPartition TP = new TopicPartition("predictions", 0);

    @TempDir
    Path dir;

    @Test
    void aSqliteDatabaseFromBeforeSequencersIsUpgradedAndKeepsItsRows() throws Exception {
        assertUpgraded(JdbcTarget.sqlite(dir.resolve("old.db")), false);
    }

    @Test
    void aSqliteDatabaseFromJustBeforeMigrationsIsUpgradedAndKeepsItsRows() throws Exception {
        assertUpgraded(JdbcTarget.sqlite(dir.resolve("recent.db")), true);
    }

    @Test
    void aPostgresDatabaseFromBeforeSequencersIsUpgradedAndKeepsItsRows() throws Exception {
        SqlServer postgres = TestServers.postgres();
        assertUpgraded(new JdbcTarget(postgres.createDatabase(), postgres.user(), postgres.password()), false);
    }

    @Test
    void aPostgresDatabaseFromJustBeforeMigrationsIsUpgradedAndKeepsItsRows() throws Exception {
        SqlServer postgres = TestServers.postgres();
        assertUpgraded(new JdbcTarget(postgres.createDatabase(), postgres.user(), postgres.password()), true);
    }

    @Test
    void aNewDatabaseGetsEveryStepOnceAndMigratingAgainChangesNothing() throws Exception {
        JdbcTarget target = JdbcTarget.sqlite(dir.resolve("new.db"));
        assertThat(SqlSchema.migrate(target)).isEqualTo(SqlSchema.VERSION);
        assertThat(SqlSchema.migrate(target)).isEqualTo(SqlSchema.VERSION);
        assertThat(query(target, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1", "2", "3", "4");
        assertThat(columns(target, "predictions")).contains("sequencer", "raw_top_k_json", "calibrated_top_k_json",
                "display_top_k", "temperature", "ood_score", "ood_value", "ood_threshold", "not_a_dog");
        assertThat(columns(target, "reviews")).contains("image_id", "verdict", "breed", "reviewer", "reviewed_at");
    }

    private void assertUpgraded(JdbcTarget target, boolean withSequencer) throws Exception {
        String ts = target.dialect().timestampType();
        String ts1 = target.dialect() == SqlDialect.SQLITE ? "'2025-01-01T00:00:00.000Z'" : "'2025-01-01T00:00:00Z'";
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            for (String sql : legacyDdl(ts, withSequencer ? target.dialect().sequencerType() : null)) {
                s.execute(sql);
            }
            s.execute("INSERT INTO predictions (image_id, model_version, model_name, uri, job_id, top_breed, "
                    + "top_probability, top_k_json, worker_id, predicted_at, written_at) VALUES "
                    + "('old-image', 'v1', 'breeds', 's3://b/old.jpg', 'old-job', 'pug', 0.9, '[]', 'w', " + ts1 + ", " + ts1 + ")");
            s.execute("INSERT INTO prediction_breeds VALUES ('old-image', 'v1', 1, 'pug', 3, 0.9)");
            s.execute("INSERT INTO dead_letters (image_id, job_id, stage, reason, retriable, worker_id, failed_at, written_at) "
                    + "VALUES ('bad-image', 'old-job', 'DECODE', 'not an image', FALSE, 'w', " + ts1 + ", " + ts1 + ")");
            s.execute("INSERT INTO job_skips VALUES ('old-job', 'seen-image', 's3://b/seen.jpg', 'e', NULL, 'v1', 'w', "
                    + ts1 + ", " + ts1 + ")");
        }

        try (JdbcResultWriter writer = new JdbcResultWriter(target, Clock.systemUTC())) {
            writer.open();
            Prediction base = TestResults.calibrated("s3://b/new.jpg", "new-job", 0.3);
            Prediction p = new Prediction(base.schemaVersion(), base.imageId(), base.uri(), base.etag(), base.versionId(),
                    base.jobId(), base.topK(), base.modelName(), base.modelVersion(), base.timings(), base.workerId(),
                    base.predictedAt(), "0A", base.calibration());
            writer.write(List.of(new PartitionBatch(TP, List.of(ResultRecord.of(0, p)), 1)), Instant.now());
        }

        assertThat(query(target, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .as("baselined at 0, then every step").containsExactly("0", "1", "2", "3", "4");
        // V4: the old row has no calibration; the new one, of a calibrated model, its columns.
        assertThat(query(target, "SELECT COALESCE(display_top_k, '-') FROM predictions ORDER BY job_id"))
                .containsExactly("CALIBRATED", "-");
        assertThat(query(target, "SELECT job_id FROM predictions WHERE not_a_dog")).containsExactly("new-job");
        assertThat(columns(target, "reviews")).contains("image_id", "verdict", "reviewed_at");
        assertThat(query(target, "SELECT job_id || '/' || top_breed FROM predictions ORDER BY job_id"))
                .containsExactly("new-job/beagle", "old-job/pug");
        assertThat(query(target, "SELECT breed FROM prediction_breeds WHERE image_id = 'old-image'")).containsExactly("pug");
        assertThat(query(target, "SELECT reason FROM dead_letters")).containsExactly("not an image");
        assertThat(query(target, "SELECT image_id FROM job_skips")).containsExactly("seen-image");
        assertThat(query(target, "SELECT sequencer FROM predictions WHERE job_id = 'new-job'"))
                .containsExactly(Sequencer.normalize("0A"));
        assertThat(SqlSchema.migrate(target)).isEqualTo(SqlSchema.VERSION);
    }

    // The tables as SqlSchema created them before migrations (CREATE TABLE IF NOT EXISTS, then, later, an
    // ALTER TABLE for the sequencer); sequencerType null: the layout from before S3 event ordering.
    private static List<String> legacyDdl(String ts, String sequencerType) {
        return List.of(
                "CREATE TABLE predictions (image_id TEXT NOT NULL, model_version TEXT NOT NULL, model_name TEXT NOT NULL, "
                        + "uri TEXT NOT NULL, etag TEXT, version_id TEXT, job_id TEXT NOT NULL, top_breed TEXT NOT NULL, "
                        + "top_probability DOUBLE PRECISION NOT NULL, top_k_json TEXT NOT NULL, worker_id TEXT NOT NULL, "
                        + "fetch_ms BIGINT, decode_ms BIGINT, queue_wait_ms BIGINT, inference_ms BIGINT, batch_size INTEGER, "
                        + "predicted_at " + ts + " NOT NULL, written_at " + ts + " NOT NULL, "
                        + (sequencerType == null ? "" : "sequencer " + sequencerType + ", ")
                        + "PRIMARY KEY (image_id, model_version))",
                "CREATE INDEX predictions_job_id ON predictions (job_id)",
                "CREATE TABLE prediction_breeds (image_id TEXT NOT NULL, model_version TEXT NOT NULL, rank INTEGER NOT NULL, "
                        + "breed TEXT NOT NULL, class_index INTEGER NOT NULL, probability DOUBLE PRECISION NOT NULL, "
                        + "PRIMARY KEY (image_id, model_version, rank))",
                "CREATE INDEX prediction_breeds_breed ON prediction_breeds (breed)",
                "CREATE TABLE dead_letters (image_id TEXT NOT NULL PRIMARY KEY, job_id TEXT, uri TEXT, stage TEXT NOT NULL, "
                        + "reason TEXT NOT NULL, exception_type TEXT, retriable BOOLEAN NOT NULL, worker_id TEXT NOT NULL, "
                        + "failed_at " + ts + " NOT NULL, raw_base64 TEXT, written_at " + ts + " NOT NULL)",
                "CREATE INDEX dead_letters_job_id ON dead_letters (job_id)",
                "CREATE TABLE job_skips (job_id TEXT NOT NULL, image_id TEXT NOT NULL, uri TEXT NOT NULL, etag TEXT, "
                        + "version_id TEXT, model_version TEXT NOT NULL, worker_id TEXT NOT NULL, skipped_at " + ts
                        + " NOT NULL, written_at " + ts + " NOT NULL, PRIMARY KEY (job_id, image_id))");
    }

    private static List<String> query(JdbcTarget target, String sql) throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static List<String> columns(JdbcTarget target, String table) throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            return out;
        }
    }
}
