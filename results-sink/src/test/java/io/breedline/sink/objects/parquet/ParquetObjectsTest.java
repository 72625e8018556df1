package io.breedline.sink.objects.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Calibration;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageIds;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Schema;
import io.breedline.contracts.StageTimings;
import io.breedline.sink.writer.ResultRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every field written, read back by two independent readers: parquet-java's and DuckDB's (C++). */
class ParquetObjectsTest {
    private static final Instant AT = Instant.parse("2026-12-08T01:02:03.456Z");
    private static final TopicPartition PREDICTIONS = new TopicPartition("breedline.predictions", 3);

    @TempDir
    Path tmp;

    private final ParquetObjects format = new ParquetObjects();

    private static Prediction prediction(String uri, String sequencer, StageTimings timings) {
        return new Prediction(Schema.VERSION, ImageIds.forUri(uri), uri, "etag-9", "v-7", "job-1",
                List.of(new BreedScore("Norfolk terrier", 12, 0.625), new BreedScore("O'Brien's \"hound\"", 7, 0.25),
                        new BreedScore("pug", 3, 0.125)),
                "breeds", "sha256:abc", timings, "worker-1", AT, sequencer);
    }

    private Path write(TopicPartition tp, List<ResultRecord> records) throws Exception {
        Path file = tmp.resolve(tp.topic() + "-" + records.get(0).offset() + ".parquet");
        Files.write(file, format.encode(tp, records));
        return file;
    }

    @Test
    void predictionsReadBackWithParquetJavaFieldByField() throws Exception {
        Path file = write(PREDICTIONS, List.of(
                ResultRecord.of(40, prediction("s3://photos/a b/ünï.jpg", "0055AED6DCD90281E5", new StageTimings(3, 4, 5, 6, 8))),
                ResultRecord.of(42, prediction("/archive/b.jpg", null, null))));

        List<Group> rows = ParquetFiles.rows(file);

        assertThat(rows).hasSize(2);
        Group a = rows.get(0);
        assertThat(a.getString("image_uri", 0)).isEqualTo("s3://photos/a b/ünï.jpg");
        assertThat(a.getString("image_id", 0)).isEqualTo(ImageIds.forUri("s3://photos/a b/ünï.jpg"));
        assertThat(a.getString("job_id", 0)).isEqualTo("job-1");
        assertThat(a.getString("model_name", 0)).isEqualTo("breeds");
        assertThat(a.getString("model_version", 0)).isEqualTo("sha256:abc");
        assertThat(a.getString("top_breed", 0)).isEqualTo("Norfolk terrier");
        assertThat(a.getDouble("top_probability", 0)).isEqualTo(0.625);
        Group list = a.getGroup("top_k", 0);
        assertThat(list.getFieldRepetitionCount("list")).isEqualTo(3);
        Group second = list.getGroup("list", 1).getGroup("element", 0);
        assertThat(second.getString("breed", 0)).isEqualTo("O'Brien's \"hound\"");
        assertThat(second.getInteger("class_index", 0)).isEqualTo(7);
        assertThat(second.getDouble("probability", 0)).isEqualTo(0.25);
        assertThat(a.getLong("fetch_ms", 0)).isEqualTo(3);
        assertThat(a.getLong("decode_ms", 0)).isEqualTo(4);
        assertThat(a.getLong("queue_wait_ms", 0)).isEqualTo(5);
        assertThat(a.getLong("inference_ms", 0)).isEqualTo(6);
        assertThat(a.getInteger("batch_size", 0)).isEqualTo(8);
        assertThat(a.getString("etag", 0)).isEqualTo("etag-9");
        assertThat(a.getString("version_id", 0)).isEqualTo("v-7");
        assertThat(a.getString("sequencer", 0)).isEqualTo("0055AED6DCD90281E5");
        assertThat(a.getString("worker_id", 0)).isEqualTo("worker-1");
        assertThat(a.getLong("predicted_at", 0)).isEqualTo(AT.toEpochMilli());
        assertThat(a.getInteger("schema_version", 0)).isEqualTo(Schema.VERSION);
        assertThat(a.getInteger("kafka_partition", 0)).isEqualTo(3);
        assertThat(a.getLong("kafka_offset", 0)).isEqualTo(40);

        Group b = rows.get(1);
        assertThat(b.getFieldRepetitionCount("sequencer")).isZero();
        assertThat(b.getFieldRepetitionCount("fetch_ms")).isZero();
        assertThat(b.getLong("kafka_offset", 0)).isEqualTo(42);
    }

    @Test
    void predictionsReadBackWithDuckDbAsAUserWouldQueryThem() throws Exception {
        Path file = write(PREDICTIONS, List.of(
                ResultRecord.of(40, prediction("s3://photos/a.jpg", "0055AED6DCD90281E5", new StageTimings(3, 4, 5, 6, 8))),
                ResultRecord.of(41, prediction("/archive/b.jpg", null, null))));

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT image_uri, image_id, job_id, model_name, model_version, top_breed,"
                        + " top_probability, len(top_k), top_k[2].breed, top_k[2].class_index, top_k[2].probability,"
                        + " fetch_ms, decode_ms, queue_wait_ms, inference_ms, batch_size, etag, version_id, sequencer,"
                        + " worker_id, predicted_at, schema_version, kafka_partition, kafka_offset"
                        + " FROM read_parquet('" + file + "') ORDER BY kafka_offset")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("s3://photos/a.jpg");
            assertThat(rs.getString(2)).isEqualTo(ImageIds.forUri("s3://photos/a.jpg"));
            assertThat(rs.getString(3)).isEqualTo("job-1");
            assertThat(rs.getString(4)).isEqualTo("breeds");
            assertThat(rs.getString(5)).isEqualTo("sha256:abc");
            assertThat(rs.getString(6)).isEqualTo("Norfolk terrier");
            assertThat(rs.getDouble(7)).isEqualTo(0.625);
            assertThat(rs.getInt(8)).isEqualTo(3);
            assertThat(rs.getString(9)).isEqualTo("O'Brien's \"hound\"");
            assertThat(rs.getInt(10)).isEqualTo(7);
            assertThat(rs.getDouble(11)).isEqualTo(0.25);
            assertThat(List.of(rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15))).containsExactly(3L, 4L, 5L, 6L);
            assertThat(rs.getInt(16)).isEqualTo(8);
            assertThat(rs.getString(17)).isEqualTo("etag-9");
            assertThat(rs.getString(18)).isEqualTo("v-7");
            assertThat(rs.getString(19)).isEqualTo("0055AED6DCD90281E5");
            assertThat(rs.getString(20)).isEqualTo("worker-1");
            // TIMESTAMP(MILLIS, UTC) reads as TIMESTAMP WITH TIME ZONE: the same instant, whatever the session zone.
            assertThat(rs.getObject(21, OffsetDateTime.class).toInstant()).isEqualTo(AT);
            assertThat(rs.getInt(22)).isEqualTo(Schema.VERSION);
            assertThat(rs.getInt(23)).isEqualTo(3);
            assertThat(rs.getLong(24)).isEqualTo(40);

            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(12)).isNull();
            assertThat(rs.getObject(19)).isNull();
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void aCalibratedPredictionShowsItsCalibratedTopKAndKeepsTheRawOneBeside() throws Exception {
        Prediction raw = prediction("/archive/plane.jpg", null, null);
        List<BreedScore> calibrated = List.of(new BreedScore("Norfolk terrier", 12, 0.5),
                new BreedScore("O'Brien's \"hound\"", 7, 0.3), new BreedScore("pug", 3, 0.2));
        Prediction p = new Prediction(raw.schemaVersion(), raw.imageId(), raw.uri(), raw.etag(), raw.versionId(),
                raw.jobId(), raw.topK(), raw.modelName(), raw.modelVersion(), raw.timings(), raw.workerId(),
                raw.predictedAt(), null, new Calibration(2.0, calibrated, Calibration.Display.CALIBRATED, "MSP", 0.5, 0.6,
                        true));
        Path file = write(PREDICTIONS, List.of(ResultRecord.of(50, p), ResultRecord.of(51, prediction("/a.jpg", null, null))));

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT top_breed, top_probability, top_k[2].probability,"
                        + " raw_top_k[1].probability, calibrated_top_k[3].probability, display_top_k, temperature, ood_score,"
                        + " ood_value, ood_threshold, not_a_dog FROM read_parquet('" + file + "') ORDER BY kafka_offset")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Norfolk terrier");
            assertThat(rs.getDouble(2)).isEqualTo(0.5);
            assertThat(rs.getDouble(3)).isEqualTo(0.3);
            assertThat(rs.getDouble(4)).isEqualTo(0.625);
            assertThat(rs.getDouble(5)).isEqualTo(0.2);
            assertThat(rs.getString(6)).isEqualTo("CALIBRATED");
            assertThat(List.of(rs.getDouble(7), rs.getDouble(9), rs.getDouble(10))).containsExactly(2.0, 0.5, 0.6);
            assertThat(rs.getString(8)).isEqualTo("MSP");
            assertThat(rs.getBoolean(11)).isTrue();
            // A model without calibration: the old columns as before, the new ones unset.
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(2)).isEqualTo(0.625);
            for (int i = 4; i <= 11; i++) {
                assertThat(rs.getObject(i)).as("column %d", i).isNull();
            }
        }
    }

    @Test
    void deadLettersAndAlreadyLabeledNoticesHaveTheirOwnSchemas() throws Exception {
        ImageRef ref = new ImageRef(Schema.VERSION, ImageIds.forUri("/x/notes.txt"), "/x/notes.txt", "e-1", "v-2", 10L,
                "job-2", AT);
        DeadLetter decode = DeadLetter.forReference(ref, FailureStage.DECODE, "not an image: text/plain",
                "java.io.IOException", false, "worker-3", AT);
        DeadLetter parse = new DeadLetter(Schema.VERSION, null, "raw:images-0-17", null, "e25vdA==", FailureStage.PARSE,
                "not JSON", "com.fasterxml.jackson.core.JsonParseException", false, "worker-3", AT);
        Path dead = write(new TopicPartition("breedline.dead-letters", 1),
                List.of(ResultRecord.of(7, decode), ResultRecord.of(8, parse)));
        AlreadyLabeled skipped = new AlreadyLabeled(Schema.VERSION, ImageIds.forUri("s3://b/k.jpg"), "s3://b/k.jpg",
                "job-3", "e-3", "v-3", "sha256:abc", "worker-4", AT);
        Path notices = write(new TopicPartition("breedline.predictions.already-labeled", 0), List.of(ResultRecord.of(5, skipped)));

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT image_id, image_uri, job_id, stage, reason, exception_type,"
                    + " retriable, etag, version_id, raw_base64, worker_id, failed_at, kafka_partition, kafka_offset"
                    + " FROM read_parquet('" + dead + "') ORDER BY kafka_offset")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(8), rs.getString(9), rs.getString(11))).containsExactly(
                        ref.imageId(), "/x/notes.txt", "job-2", "DECODE", "not an image: text/plain",
                        "java.io.IOException", "e-1", "v-2", "worker-3");
                assertThat(rs.getBoolean(7)).isFalse();
                assertThat(rs.getObject(10)).isNull();
                assertThat(rs.getObject(12, OffsetDateTime.class)).isEqualTo(AT.atOffset(ZoneOffset.UTC));
                assertThat(rs.getInt(13)).isEqualTo(1);
                assertThat(rs.getLong(14)).isEqualTo(7);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("raw:images-0-17");
                assertThat(rs.getObject(2)).isNull();
                assertThat(rs.getString(4)).isEqualTo("PARSE");
                assertThat(rs.getString(10)).isEqualTo("e25vdA==");
            }
            try (ResultSet rs = s.executeQuery("SELECT image_id, image_uri, job_id, etag, version_id, model_version,"
                    + " worker_id, skipped_at, kafka_offset FROM read_parquet('" + notices + "')")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7))).containsExactly(skipped.imageId(), "s3://b/k.jpg", "job-3",
                        "e-3", "v-3", "sha256:abc", "worker-4");
                assertThat(rs.getObject(8, OffsetDateTime.class).toInstant()).isEqualTo(AT);
                assertThat(rs.getLong(9)).isEqualTo(5);
            }
        }
        assertThat(ParquetFiles.rows(dead).get(0).getBoolean("retriable", 0)).isFalse();
        assertThat(ParquetFiles.rows(notices).get(0).getString("model_version", 0)).isEqualTo("sha256:abc");
    }

    @Test
    void aReplayedWindowEncodesToTheSameBytes() throws Exception {
        List<ResultRecord> window = List.of(
                ResultRecord.of(0, prediction("/a.jpg", null, new StageTimings(1, 2, 3, 4, 5))),
                ResultRecord.of(1, prediction("/b.jpg", "01", new StageTimings(1, 2, 3, 4, 5))));

        assertThat(new ParquetObjects().encode(PREDICTIONS, window)).isEqualTo(format.encode(PREDICTIONS, window));
    }

    @Test
    void zstdCompressedInOneRowGroup() throws Exception {
        List<ResultRecord> window = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            window.add(ResultRecord.of(i, prediction("/archive/" + i + ".jpg", null, new StageTimings(1, 2, 3, 4, 32))));
        }
        ParquetMetadata footer = ParquetFiles.footer(write(PREDICTIONS, window));

        assertThat(footer.getBlocks()).hasSize(1);
        BlockMetaData group = footer.getBlocks().get(0);
        assertThat(group.getRowCount()).isEqualTo(500);
        assertThat(group.getColumns()).extracting(ColumnChunkMetaData::getCodec).containsOnly(CompressionCodecName.ZSTD);
    }

    @Test
    void aWindowMixingKindsIsRefused() {
        ImageRef ref = new ImageRef(Schema.VERSION, "id", "/x", null, null, null, "job", AT);
        List<ResultRecord> mixed = List.of(ResultRecord.of(0, prediction("/a.jpg", null, null)),
                ResultRecord.of(1, DeadLetter.forReference(ref, FailureStage.FETCH, "gone", null, false, "w", AT)));

        assertThatThrownBy(() -> format.encode(PREDICTIONS, mixed)).hasMessageContaining("offset 1");
    }
}
