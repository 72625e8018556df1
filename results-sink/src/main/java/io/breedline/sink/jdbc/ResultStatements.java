package io.breedline.sink.jdbc;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Calibration;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.StageTimings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Maps messages to rows and writes them as upserts, so writing the same message again leaves the same rows. Every
 * value is a bound parameter.
 */
final class ResultStatements {
    static final String UPSERT_PREDICTION = "INSERT INTO predictions ("
            + "image_id, model_version, model_name, uri, etag, version_id, job_id, top_breed, top_probability, "
            + "top_k_json, worker_id, fetch_ms, decode_ms, queue_wait_ms, inference_ms, batch_size, predicted_at, written_at, "
            + "sequencer, raw_top_k_json, calibrated_top_k_json, display_top_k, temperature, ood_score, ood_value, "
            + "ood_threshold, not_a_dog) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?) "
            + "ON CONFLICT (image_id, model_version) DO UPDATE SET "
            + "model_name = excluded.model_name, uri = excluded.uri, etag = excluded.etag, "
            + "version_id = excluded.version_id, job_id = excluded.job_id, top_breed = excluded.top_breed, "
            + "top_probability = excluded.top_probability, top_k_json = excluded.top_k_json, "
            + "worker_id = excluded.worker_id, fetch_ms = excluded.fetch_ms, decode_ms = excluded.decode_ms, "
            + "queue_wait_ms = excluded.queue_wait_ms, inference_ms = excluded.inference_ms, "
            + "batch_size = excluded.batch_size, predicted_at = excluded.predicted_at, written_at = excluded.written_at, "
            + "raw_top_k_json = excluded.raw_top_k_json, calibrated_top_k_json = excluded.calibrated_top_k_json, "
            + "display_top_k = excluded.display_top_k, temperature = excluded.temperature, "
            + "ood_score = excluded.ood_score, ood_value = excluded.ood_value, ood_threshold = excluded.ood_threshold, "
            + "not_a_dog = excluded.not_a_dog, "
            // An unordered result (no sequencer) keeps the row's, so a stale event of a versioned object still loses;
            // out-of-order S3 events: the newest version's labels win (Sequencer's rule, see SequencerSql).
            + "sequencer = " + SequencerSql.HELD_AFTER + " "
            + "WHERE " + SequencerSql.REPLACES;

    // The rank rows are replaced as a whole: a newer prediction may have a shorter top-k.
    static final String DELETE_BREEDS = "DELETE FROM prediction_breeds WHERE image_id = ? AND model_version = ?";
    static final String INSERT_BREED = "INSERT INTO prediction_breeds ("
            + "image_id, model_version, rank, breed, class_index, probability) VALUES (?, ?, ?, ?, ?, ?)";

    static final String UPSERT_DEAD_LETTER = "INSERT INTO dead_letters ("
            + "image_id, job_id, uri, stage, reason, exception_type, retriable, worker_id, failed_at, raw_base64, written_at"
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (image_id) DO UPDATE SET "
            + "job_id = excluded.job_id, uri = excluded.uri, stage = excluded.stage, reason = excluded.reason, "
            + "exception_type = excluded.exception_type, retriable = excluded.retriable, "
            + "worker_id = excluded.worker_id, failed_at = excluded.failed_at, raw_base64 = excluded.raw_base64, "
            + "written_at = excluded.written_at";

    // Keyed by job and image: the same image skipped in two jobs is an outcome of each.
    static final String UPSERT_JOB_SKIP = "INSERT INTO job_skips ("
            + "job_id, image_id, uri, etag, version_id, model_version, worker_id, skipped_at, written_at"
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (job_id, image_id) DO UPDATE SET "
            + "uri = excluded.uri, etag = excluded.etag, version_id = excluded.version_id, "
            + "model_version = excluded.model_version, worker_id = excluded.worker_id, "
            + "skipped_at = excluded.skipped_at, written_at = excluded.written_at";

    private final SqlDialect dialect;

    ResultStatements(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Upserts predictions and their rank rows. Callers pass at most one prediction per (image, model version): the
     * delete-then-insert of rank rows runs as two JDBC batches and would otherwise insert a key twice. A prediction
     * whose row has a higher sequencer changes nothing, its rank rows included.
     */
    void writePredictions(Connection c, Collection<Prediction> predictions, Instant writtenAt) throws SQLException {
        if (predictions.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement(UPSERT_PREDICTION);
                PreparedStatement delete = c.prepareStatement(DELETE_BREEDS);
                PreparedStatement insert = c.prepareStatement(INSERT_BREED)) {
            List<Prediction> ordered = List.copyOf(predictions);
            for (Prediction p : ordered) {
                bindPrediction(upsert, p, writtenAt);
                upsert.addBatch();
            }
            int[] changed = upsert.executeBatch();
            for (int n = 0; n < ordered.size(); n++) {
                // 0: the row kept a newer version. SUCCESS_NO_INFO (a driver rewriting batches) counts as written.
                if (n < changed.length && changed[n] == 0) {
                    continue;
                }
                Prediction p = ordered.get(n);
                delete.setString(1, p.imageId());
                delete.setString(2, p.modelVersion());
                delete.addBatch();
                // The rank rows are what the display uses, as top_breed and top_probability are.
                List<BreedScore> topK = p.shownTopK();
                for (int i = 0; i < topK.size(); i++) {
                    BreedScore s = topK.get(i);
                    insert.setString(1, p.imageId());
                    insert.setString(2, p.modelVersion());
                    insert.setInt(3, i + 1);
                    insert.setString(4, s.breed());
                    insert.setInt(5, s.classIndex());
                    insert.setDouble(6, s.probability());
                    insert.addBatch();
                }
            }
            delete.executeBatch();
            insert.executeBatch();
        }
    }

    void writeDeadLetters(Connection c, Collection<DeadLetter> deadLetters, Instant writtenAt) throws SQLException {
        if (deadLetters.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement(UPSERT_DEAD_LETTER)) {
            for (DeadLetter d : deadLetters) {
                bindDeadLetter(upsert, d, writtenAt);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Upserts already-labeled notices; callers pass notices with a job id, at most one per (job, image). */
    void writeAlreadyLabeled(Connection c, Collection<AlreadyLabeled> notices, Instant writtenAt) throws SQLException {
        if (notices.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement(UPSERT_JOB_SKIP)) {
            for (AlreadyLabeled a : notices) {
                upsert.setString(1, a.jobId());
                upsert.setString(2, a.imageId());
                upsert.setString(3, a.uri());
                upsert.setString(4, a.etag());
                upsert.setString(5, a.versionId());
                upsert.setString(6, a.modelVersion());
                upsert.setString(7, a.workerId());
                dialect.bindInstant(upsert, 8, a.skippedAt());
                dialect.bindInstant(upsert, 9, writtenAt);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * The top-k the display uses goes into {@code top_breed}, {@code top_probability} and {@code top_k_json} (so every
     * reader shows a calibrated model's calibrated confidence without knowing about calibration); the calibration's
     * columns are NULL for a model without one.
     */
    private void bindPrediction(PreparedStatement ps, Prediction p, Instant writtenAt) throws SQLException {
        List<BreedScore> shown = p.shownTopK();
        BreedScore top = shown.get(0);
        StageTimings t = p.timings();
        ps.setString(1, p.imageId());
        ps.setString(2, p.modelVersion());
        ps.setString(3, p.modelName());
        ps.setString(4, p.uri());
        ps.setString(5, p.etag());
        ps.setString(6, p.versionId());
        ps.setString(7, p.jobId());
        ps.setString(8, top.breed());
        ps.setDouble(9, top.probability());
        ps.setString(10, Json.writeString(shown));
        ps.setString(11, p.workerId());
        setLong(ps, 12, t == null ? null : t.fetchMs());
        setLong(ps, 13, t == null ? null : t.decodeMs());
        setLong(ps, 14, t == null ? null : t.queueWaitMs());
        setLong(ps, 15, t == null ? null : t.inferenceMs());
        if (t == null) {
            ps.setNull(16, Types.INTEGER);
        } else {
            ps.setInt(16, t.batchSize());
        }
        dialect.bindInstant(ps, 17, p.predictedAt());
        dialect.bindInstant(ps, 18, writtenAt);
        ps.setString(19, SequencerSql.bind(p.sequencer()));
        bindCalibration(ps, 20, p);
    }

    private static void bindCalibration(PreparedStatement ps, int first, Prediction p) throws SQLException {
        Calibration c = p.calibration();
        ps.setString(first, c == null ? null : Json.writeString(p.topK()));
        ps.setString(first + 1, c == null ? null : Json.writeString(c.topK()));
        ps.setString(first + 2, c == null ? null : c.display().name());
        setDouble(ps, first + 3, c == null ? null : c.temperature());
        ps.setString(first + 4, c == null ? null : c.oodScore());
        setDouble(ps, first + 5, c == null ? null : c.oodValue());
        setDouble(ps, first + 6, c == null ? null : c.oodThreshold());
        if (c == null) {
            ps.setNull(first + 7, Types.BOOLEAN);
        } else {
            ps.setBoolean(first + 7, c.unknown());
        }
    }

    private void bindDeadLetter(PreparedStatement ps, DeadLetter d, Instant writtenAt) throws SQLException {
        ps.setString(1, d.imageId());
        ps.setString(2, d.jobId());
        ps.setString(3, d.reference() == null ? null : d.reference().uri());
        ps.setString(4, d.stage().name());
        ps.setString(5, d.reason());
        ps.setString(6, d.exceptionType());
        ps.setBoolean(7, d.retriable());
        ps.setString(8, d.workerId());
        dialect.bindInstant(ps, 9, d.failedAt());
        ps.setString(10, d.rawBase64());
        dialect.bindInstant(ps, 11, writtenAt);
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
