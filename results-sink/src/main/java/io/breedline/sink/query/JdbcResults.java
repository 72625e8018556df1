package io.breedline.sink.query;

import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.jdbc.SqlSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads results back: how far a job is, and what each image turned out to be. The queries are plain SQL on the
 * tables of {@link SqlSchema}; they work on SQLite (also while the sink writes, thanks to WAL) and PostgreSQL.
 *
 * <p>Not thread-safe: one connection, opened on first use and reopened after a failure.
 */
public final class JdbcResults implements AutoCloseable {
    static final String COUNT_FOR_JOB = "SELECT COUNT(*) FROM ("
            + "SELECT image_id FROM predictions WHERE job_id = ? "
            + "UNION SELECT image_id FROM job_skips WHERE job_id = ? "
            + "UNION SELECT image_id FROM dead_letters WHERE job_id = ?) outcomes";
    static final String PREDICTIONS_FOR_JOB = "SELECT p.image_id, p.uri, p.model_version, p.top_breed, p.top_probability, "
            + "b.breed, b.probability, p.not_a_dog FROM predictions p "
            + "LEFT JOIN prediction_breeds b "
            + "ON b.image_id = p.image_id AND b.model_version = p.model_version AND b.rank = 2 "
            + "WHERE p.job_id = ? ORDER BY p.uri, p.model_version LIMIT ?";
    // Images the job skipped as already labeled: their labels are the row an earlier job wrote, for the version matched.
    static final String SKIPPED_FOR_JOB = "SELECT p.image_id, p.uri, p.model_version, p.top_breed, p.top_probability, "
            + "b.breed, b.probability, p.not_a_dog FROM job_skips s "
            + "JOIN predictions p ON p.image_id = s.image_id AND p.model_version = s.model_version "
            + "LEFT JOIN prediction_breeds b "
            + "ON b.image_id = p.image_id AND b.model_version = p.model_version AND b.rank = 2 "
            + "WHERE s.job_id = ? ORDER BY p.uri, p.model_version LIMIT ?";
    static final String DEAD_LETTERS_FOR_JOB = "SELECT image_id, uri, stage, reason FROM dead_letters "
            + "WHERE job_id = ? ORDER BY uri, image_id LIMIT ?";

    // Per job: predicted images, images skipped as already labeled without a prediction of the job, then failed
    // images with neither, with when the sink wrote them. Each image counts once. not_a_dog: an image the job labeled
    // that any of its model versions marked (NULL, a model without calibration, is not).
    private static final String OUTCOMES = "SELECT job_id, SUM(done), SUM(dead), MIN(first_at), MAX(last_at), SUM(already), "
            + "SUM(not_a_dog) FROM ("
            + "SELECT job_id, COUNT(DISTINCT image_id) AS done, 0 AS dead, 0 AS already, MIN(written_at) AS first_at, "
            + "MAX(written_at) AS last_at, COUNT(DISTINCT CASE WHEN not_a_dog THEN image_id END) AS not_a_dog "
            + "FROM predictions WHERE %1$s GROUP BY job_id "
            + "UNION ALL SELECT s.job_id, COUNT(*), 0, COUNT(*), MIN(s.written_at), MAX(s.written_at), 0 FROM job_skips s "
            + "WHERE %2$s AND NOT EXISTS (SELECT 1 FROM predictions p WHERE p.image_id = s.image_id AND p.job_id = s.job_id) "
            + "GROUP BY s.job_id "
            + "UNION ALL SELECT d.job_id, 0, COUNT(*), 0, MIN(d.written_at), MAX(d.written_at), 0 FROM dead_letters d "
            + "WHERE %3$s AND NOT EXISTS (SELECT 1 FROM predictions p WHERE p.image_id = d.image_id AND p.job_id = d.job_id) "
            + "AND NOT EXISTS (SELECT 1 FROM job_skips s WHERE s.image_id = d.image_id AND s.job_id = d.job_id) "
            + "GROUP BY d.job_id) o GROUP BY job_id";
    static final String OUTCOMES_FOR_JOB = String.format(OUTCOMES, "job_id = ?", "s.job_id = ?", "d.job_id = ?");
    static final String RECENT_JOBS = String.format(OUTCOMES, "job_id IS NOT NULL", "s.job_id IS NOT NULL",
            "d.job_id IS NOT NULL") + " ORDER BY MAX(last_at) DESC, job_id LIMIT ?";

    private final JdbcTarget target;
    private Connection connection;

    public JdbcResults(JdbcTarget target) {
        this.target = target;
    }

    /**
     * The number of images of this job with an outcome: a prediction (by any model version), a skip as already
     * labeled, or a dead letter. A job is done when this reaches the number of images submitted.
     */
    public long countForJob(String jobId) throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(COUNT_FOR_JOB)) {
                ps.setString(1, jobId);
                ps.setString(2, jobId);
                ps.setString(3, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Done and dead-lettered counts of one job, and when its first and latest outcomes were written. */
    public JobOutcomes outcomesForJob(String jobId) throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(OUTCOMES_FOR_JOB)) {
                ps.setString(1, jobId);
                ps.setString(2, jobId);
                ps.setString(3, jobId);
                List<JobOutcomes> rows = readOutcomes(ps);
                return rows.isEmpty() ? JobOutcomes.none(jobId) : rows.get(0);
            }
        });
    }

    /** The jobs with outcomes, the most recently written first: at most {@code limit}. */
    public List<JobOutcomes> recentJobs(int limit) throws SQLException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(RECENT_JOBS)) {
                ps.setInt(1, limit);
                return readOutcomes(ps);
            }
        });
    }

    private static List<JobOutcomes> readOutcomes(PreparedStatement ps) throws SQLException {
        List<JobOutcomes> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new JobOutcomes(rs.getString(1), rs.getLong(2), rs.getLong(3), instant(rs, 4), instant(rs, 5),
                        rs.getLong(6), rs.getLong(7)));
            }
        }
        return rows;
    }

    /** SQLite keeps times as ISO-8601 text, PostgreSQL as timestamptz. */
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null) {
            return null;
        }
        if (v instanceof String text) {
            return Instant.parse(text);
        }
        if (v instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (v instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /**
     * Every outcome of the job: predictions by URI (those the job wrote, then those of images it skipped as already
     * labeled, written by an earlier job), then failures of images without a prediction.
     */
    public List<ResultRow> resultsForJob(String jobId) throws SQLException {
        return resultsForJob(jobId, Integer.MAX_VALUE);
    }

    /** At most {@code limit} predictions, {@code limit} already labeled and {@code limit} failures of the job. */
    public List<ResultRow> resultsForJob(String jobId, int limit) throws SQLException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return withConnection(c -> {
            List<ResultRow> rows = new ArrayList<>();
            Set<String> predicted = new HashSet<>();
            for (String query : List.of(PREDICTIONS_FOR_JOB, SKIPPED_FOR_JOB)) {
                try (PreparedStatement ps = c.prepareStatement(query)) {
                    ps.setString(1, jobId);
                    ps.setInt(2, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String imageId = rs.getString(1);
                            String modelVersion = rs.getString(3);
                            // An image both labeled and skipped in the job (two references to it) shows once.
                            if (predicted.add(imageId + "\n" + modelVersion)) {
                                rows.add(new ResultRow(imageId, rs.getString(2), modelVersion, rs.getString(4),
                                        rs.getDouble(5), rs.getString(6), doubleOrNull(rs, 7), null, null,
                                        rs.getBoolean(8)));
                            }
                        }
                    }
                }
            }
            Set<String> predictedImages = new HashSet<>();
            rows.forEach(r -> predictedImages.add(r.imageId()));
            try (PreparedStatement ps = c.prepareStatement(DEAD_LETTERS_FOR_JOB)) {
                ps.setString(1, jobId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String imageId = rs.getString(1);
                        // An image that failed once and was labeled later shows as labeled.
                        if (!predictedImages.contains(imageId)) {
                            rows.add(new ResultRow(imageId, rs.getString(2), null, null, null, null, null,
                                    rs.getString(3), rs.getString(4)));
                        }
                    }
                }
            }
            return rows;
        });
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing a broken connection: nothing left to do
            }
            connection = null;
        }
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(Query<T> query) throws SQLException {
        if (connection == null) {
            // The reader may start before the sink has written anything; empty tables beat "no such table".
            SqlSchema.migrate(target);
            connection = target.connect();
        }
        try {
            return query.run(connection);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
