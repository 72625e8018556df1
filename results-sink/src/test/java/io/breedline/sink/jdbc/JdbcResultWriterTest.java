package io.breedline.sink.jdbc;

import static io.breedline.sink.TestResults.deadLetter;
import static io.breedline.sink.TestResults.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Sequencer;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.sink.writer.WriteException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcResultWriterTest {
    private static final TopicPartition PREDICTIONS = new TopicPartition("breedline.predictions", 0);
    private static final TopicPartition DEAD_LETTERS = new TopicPartition("breedline.dead-letters", 0);

    @TempDir
    Path dir;
    private JdbcTarget target;
    private JdbcResultWriter writer;

    @BeforeEach
    void open() throws WriteException {
        target = JdbcTarget.sqlite(dir.resolve("nested/folder/results.db"));
        writer = new JdbcResultWriter(target, Clock.fixed(Instant.parse("2025-03-02T00:00:00Z"), ZoneOffset.UTC));
        writer.open();
    }

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void createsTheDatabaseFolderAndTablesInWalMode() throws SQLException {
        assertThat(Files.exists(dir.resolve("nested/folder/results.db"))).isTrue();
        assertThat(query("PRAGMA journal_mode")).containsExactly(List.of("wal"));
        assertThat(query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                .containsExactly(List.of("dead_letters"), List.of("flyway_schema_history"), List.of("job_skips"),
                        List.of("prediction_breeds"), List.of("predictions"), List.of("reviews"));
    }

    @Test
    void mapsAPredictionToOneRowAndItsBreedsToRankRows() throws Exception {
        Prediction p = prediction("s3://photos/dogs/rex.jpg", "job-1");
        Map<TopicPartition, Long> durable = writer.write(List.of(batch(PREDICTIONS, 41, p)), Instant.now());

        assertThat(durable).containsExactly(Map.entry(PREDICTIONS, 42L));
        assertThat(query("SELECT image_id, model_version, model_name, uri, etag, version_id, job_id, top_breed, "
                + "top_probability, worker_id, fetch_ms, decode_ms, queue_wait_ms, inference_ms, batch_size, "
                + "predicted_at, written_at FROM predictions"))
                .containsExactly(List.of(p.imageId(), "v1", "breeds", "s3://photos/dogs/rex.jpg", "etag-1", "null",
                        "job-1", "beagle", "0.7", "worker-1", "3", "4", "5", "6", "8",
                        "2025-03-01T12:00:00.123Z", "2025-03-02T00:00:00.000Z"));
        String topK = query("SELECT top_k_json FROM predictions").get(0).get(0);
        assertThat(new ObjectMapper().readValue(topK, BreedScore[].class)).containsExactlyElementsOf(p.topK());
        assertThat(query("SELECT rank, breed, class_index, probability FROM prediction_breeds "
                + "WHERE image_id = '" + p.imageId() + "' ORDER BY rank"))
                .containsExactly(List.of("1", "beagle", "12", "0.7"), List.of("2", "basset", "7", "0.2"),
                        List.of("3", "pug", "3", "0.1"));
    }

    @Test
    void mapsADeadLetter() throws Exception {
        DeadLetter d = deadLetter("/data/dogs/notes.txt", "job-1");
        writer.write(List.of(batch(DEAD_LETTERS, 0, d)), Instant.now());

        assertThat(query("SELECT image_id, job_id, uri, stage, reason, exception_type, retriable, worker_id, "
                + "failed_at, raw_base64 FROM dead_letters"))
                .containsExactly(List.of(d.imageId(), "job-1", "/data/dogs/notes.txt", "DECODE",
                        "not an image: text/plain", "java.io.IOException", "0", "worker-1",
                        "2025-03-01T12:00:00.123Z", "null"));
    }

    @Test
    void writingTheSameBatchTwiceLeavesTheSameRows() throws Exception {
        List<PartitionBatch> batches = List.of(
                batch(PREDICTIONS, 0, prediction("/a.jpg", "job-1"), prediction("/b.jpg", "job-1")),
                batch(DEAD_LETTERS, 0, deadLetter("/c.txt", "job-1")));
        writer.write(batches, Instant.now());
        List<List<String>> first = allRows();

        writer.write(batches, Instant.now());

        assertThat(allRows()).isEqualTo(first);
        assertThat(count("predictions")).isEqualTo(2);
        assertThat(count("prediction_breeds")).isEqualTo(6);
        assertThat(count("dead_letters")).isEqualTo(1);
    }

    @Test
    void aLaterPredictionReplacesAllRankRowsAndTheLastOfABatchWins() throws Exception {
        Prediction five = prediction("/a.jpg", "job-1", "v1", new BreedScore("a", 0, 0.5), new BreedScore("b", 1, 0.2),
                new BreedScore("c", 2, 0.1), new BreedScore("d", 3, 0.1), new BreedScore("e", 4, 0.1));
        Prediction two = prediction("/a.jpg", "job-2", "v1", new BreedScore("x", 9, 0.6), new BreedScore("y", 8, 0.4));
        writer.write(List.of(batch(PREDICTIONS, 0, five, two)), Instant.now());

        assertThat(query("SELECT job_id, top_breed FROM predictions")).containsExactly(List.of("job-2", "x"));
        assertThat(query("SELECT rank, breed FROM prediction_breeds ORDER BY rank"))
                .containsExactly(List.of("1", "x"), List.of("2", "y"));

        writer.write(List.of(batch(PREDICTIONS, 2, five)), Instant.now());
        assertThat(count("prediction_breeds")).isEqualTo(5);
    }

    @Test
    void aPredictionWithALowerSequencerLeavesTheRowAndItsRanksAlone() throws Exception {
        Prediction newer = withSequencer(prediction("/a.jpg", "job-new", "v1", new BreedScore("x", 9, 0.6)), "0B");
        Prediction older = withSequencer(prediction("/a.jpg", "job-old", "v1", new BreedScore("a", 0, 0.5),
                new BreedScore("b", 1, 0.4)), "0A");
        writer.write(List.of(batch(PREDICTIONS, 0, newer)), Instant.now());
        writer.write(List.of(batch(PREDICTIONS, 1, older)), Instant.now());

        assertThat(query("SELECT job_id, top_breed, sequencer FROM predictions"))
                .containsExactly(List.of("job-new", "x", Sequencer.normalize("B")));
        assertThat(query("SELECT rank, breed FROM prediction_breeds")).containsExactly(List.of("1", "x"));

        writer.write(List.of(batch(PREDICTIONS, 2, withSequencer(prediction("/a.jpg", "job-newest", "v1",
                new BreedScore("n", 6, 0.9)), "0A0"))), Instant.now());
        assertThat(query("SELECT job_id, top_breed FROM predictions")).containsExactly(List.of("job-newest", "n"));
        assertThat(query("SELECT rank, breed FROM prediction_breeds")).containsExactly(List.of("1", "n"));
        // Hex compared as numbers, not as text: "F" (15) is before "0A0" (160).
        writer.write(List.of(batch(PREDICTIONS, 3, withSequencer(prediction("/a.jpg", "job-f", "v1",
                new BreedScore("f", 5, 0.9)), "F"))), Instant.now());
        assertThat(query("SELECT job_id FROM predictions")).containsExactly(List.of("job-newest"));
    }

    @Test
    void withinOneBatchTheHighestSequencerWinsAndAnUnorderedResultKeepsIt() throws Exception {
        Prediction newer = withSequencer(prediction("/a.jpg", "job-new", "v1", new BreedScore("x", 9, 0.6)), "0B");
        Prediction older = withSequencer(prediction("/a.jpg", "job-old", "v1", new BreedScore("a", 0, 0.5)), "0A");
        writer.write(List.of(batch(PREDICTIONS, 0, newer, older)), Instant.now());
        assertThat(query("SELECT job_id, sequencer FROM predictions"))
                .containsExactly(List.of("job-new", Sequencer.normalize("B")));

        Prediction listed = prediction("/a.jpg", "job-backfill", "v1", new BreedScore("z", 1, 0.6));
        writer.write(List.of(batch(PREDICTIONS, 2, listed)), Instant.now());
        assertThat(query("SELECT job_id, sequencer FROM predictions"))
                .containsExactly(List.of("job-backfill", Sequencer.normalize("B")));
        writer.write(List.of(batch(PREDICTIONS, 3, older)), Instant.now());
        assertThat(query("SELECT job_id FROM predictions")).containsExactly(List.of("job-backfill"));
    }

    private static Prediction withSequencer(Prediction p, String sequencer) {
        return new Prediction(p.schemaVersion(), p.imageId(), p.uri(), p.etag(), p.versionId(), p.jobId(), p.topK(),
                p.modelName(), p.modelVersion(), p.timings(), p.workerId(), p.predictedAt(), sequencer);
    }

    @Test
    void oneRowPerModelVersion() throws Exception {
        writer.write(List.of(batch(PREDICTIONS, 0,
                prediction("/a.jpg", "job-1", "v1", new BreedScore("a", 0, 0.9)),
                prediction("/a.jpg", "job-1", "v2", new BreedScore("b", 1, 0.8)))), Instant.now());

        assertThat(query("SELECT model_version, top_breed FROM predictions ORDER BY model_version"))
                .containsExactly(List.of("v1", "a"), List.of("v2", "b"));
    }

    @Test
    void valuesAreBoundNotConcatenated() throws Exception {
        String uri = "/dogs/rex'); DROP TABLE predictions; --.jpg";
        writer.write(List.of(batch(PREDICTIONS, 0, prediction(uri, "job'1"))), Instant.now());

        assertThat(query("SELECT uri, job_id FROM predictions")).containsExactly(List.of(uri, "job'1"));
    }

    @Test
    void emptyPollsReportPositionsWithoutTouchingTheDatabase() throws Exception {
        writer.close(); // a closed connection would fail any statement
        Files.delete(dir.resolve("nested/folder/results.db"));
        Files.delete(dir.resolve("nested/folder"));
        Files.createFile(dir.resolve("nested/folder"));

        assertThat(writer.write(List.of(new PartitionBatch(PREDICTIONS, List.of(), 17)), Instant.now()))
                .containsExactly(Map.entry(PREDICTIONS, 17L));
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsARetriableFailure() throws Exception {
        writer.close();
        Files.delete(dir.resolve("nested/folder/results.db"));
        Files.delete(dir.resolve("nested/folder"));
        Files.createFile(dir.resolve("nested/folder")); // now a file where the folder should be

        assertThatThrownBy(() -> writer.write(List.of(batch(PREDICTIONS, 0, prediction("/a.jpg", "job-1"))), Instant.now()))
                .isInstanceOfSatisfying(WriteException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageContaining("results.db");
    }

    @Test
    void sqlStateDecidesWhetherARetryCanHelp() {
        assertThat(JdbcResultWriter.failure("x", new SQLException("gone", "08006")).retriable()).isTrue();
        assertThat(JdbcResultWriter.failure("x", new SQLException("locked")).retriable()).isTrue();
        assertThat(JdbcResultWriter.failure("x", new SQLException("bad value", "22021")).retriable()).isFalse();
        assertThat(JdbcResultWriter.failure("x", new SQLException("no table", "42P01")).retriable()).isFalse();
    }

    private static PartitionBatch batch(TopicPartition tp, long firstOffset, Object... messages) {
        List<ResultRecord> records = new ArrayList<>();
        long offset = firstOffset;
        for (Object m : messages) {
            records.add(m instanceof Prediction p ? ResultRecord.of(offset++, p) : ResultRecord.of(offset++, (DeadLetter) m));
        }
        return new PartitionBatch(tp, records, offset);
    }

    private long count(String table) throws SQLException {
        return Long.parseLong(query("SELECT COUNT(*) FROM " + table).get(0).get(0));
    }

    private List<List<String>> allRows() throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        rows.addAll(query("SELECT * FROM predictions ORDER BY image_id, model_version"));
        rows.addAll(query("SELECT * FROM prediction_breeds ORDER BY image_id, model_version, rank"));
        rows.addAll(query("SELECT * FROM dead_letters ORDER BY image_id"));
        return rows;
    }

    private List<List<String>> query(String sql) throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<Integer, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(i, String.valueOf(rs.getObject(i)));
                }
                rows.add(List.copyOf(row.values()));
            }
            return rows;
        }
    }
}
