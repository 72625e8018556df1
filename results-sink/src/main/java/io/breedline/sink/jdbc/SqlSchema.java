package io.breedline.sink.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The result tables, created if missing. The same DDL runs on SQLite and PostgreSQL; only the timestamp type differs
 * ({@code TEXT} in UTC ISO-8601 on SQLite, {@code TIMESTAMPTZ} on PostgreSQL).
 *
 * <pre>
 * predictions       one row per (image_id, model_version): where the image is, its top breed, the top-k as JSON,
 *                   the worker's stage timings, and the S3 event sequencer of the content it holds (a result with a
 *                   lower sequencer does not replace it: see {@code Sequencer})
 * prediction_breeds one row per (image_id, model_version, rank), rank 1 = most probable, for plain-SQL queries
 * dead_letters      one row per image_id that will not be labeled, and why
 * job_skips         one row per (job_id, image_id) a worker skipped as already labeled (same ETag/version and model
 *                   version): the job's outcome for the image; its labels are the predictions row of an earlier job
 * </pre>
 *
 * <p>Queries this layout is made for (see {@code JdbcResults}):
 *
 * <pre>
 * -- how many images of a job have an outcome (a job is done when this reaches the number submitted)
 * SELECT COUNT(*) FROM (SELECT image_id FROM predictions WHERE job_id = ?
 *                       UNION SELECT image_id FROM job_skips WHERE job_id = ?
 *                       UNION SELECT image_id FROM dead_letters WHERE job_id = ?) AS outcomes;
 *
 * -- top breed and the runner-up of every image of a job
 * SELECT p.uri, p.top_breed, p.top_probability, b.breed AS second_breed, b.probability AS second_probability
 *   FROM predictions p
 *   LEFT JOIN prediction_breeds b
 *     ON b.image_id = p.image_id AND b.model_version = p.model_version AND b.rank = 2
 *  WHERE p.job_id = ?;
 *
 * -- all breeds of one image
 * SELECT rank, breed, probability FROM prediction_breeds WHERE image_id = ? ORDER BY model_version, rank;
 *
 * -- images of a job that failed, and why
 * SELECT uri, stage, reason FROM dead_letters WHERE job_id = ?;
 * </pre>
 */
public final class SqlSchema {
    public static final String PREDICTIONS = "predictions";
    public static final String PREDICTION_BREEDS = "prediction_breeds";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String JOB_SKIPS = "job_skips";

    private SqlSchema() {}

    static List<String> ddl(SqlDialect dialect) {
        String ts = dialect.timestampType();
        return List.of(
                "CREATE TABLE IF NOT EXISTS predictions ("
                        + "image_id TEXT NOT NULL, "
                        + "model_version TEXT NOT NULL, "
                        + "model_name TEXT NOT NULL, "
                        + "uri TEXT NOT NULL, "
                        + "etag TEXT, "
                        + "version_id TEXT, "
                        + "job_id TEXT NOT NULL, "
                        + "top_breed TEXT NOT NULL, "
                        + "top_probability DOUBLE PRECISION NOT NULL, "
                        + "top_k_json TEXT NOT NULL, "
                        + "worker_id TEXT NOT NULL, "
                        + "fetch_ms BIGINT, "
                        + "decode_ms BIGINT, "
                        + "queue_wait_ms BIGINT, "
                        + "inference_ms BIGINT, "
                        + "batch_size INTEGER, "
                        + "predicted_at " + ts + " NOT NULL, "
                        + "written_at " + ts + " NOT NULL, "
                        + "sequencer " + dialect.sequencerType() + ", "
                        + "PRIMARY KEY (image_id, model_version))",
                "CREATE INDEX IF NOT EXISTS predictions_job_id ON predictions (job_id)",
                "CREATE TABLE IF NOT EXISTS prediction_breeds ("
                        + "image_id TEXT NOT NULL, "
                        + "model_version TEXT NOT NULL, "
                        + "rank INTEGER NOT NULL, "
                        + "breed TEXT NOT NULL, "
                        + "class_index INTEGER NOT NULL, "
                        + "probability DOUBLE PRECISION NOT NULL, "
                        + "PRIMARY KEY (image_id, model_version, rank))",
                "CREATE INDEX IF NOT EXISTS prediction_breeds_breed ON prediction_breeds (breed)",
                "CREATE TABLE IF NOT EXISTS dead_letters ("
                        + "image_id TEXT NOT NULL PRIMARY KEY, "
                        + "job_id TEXT, "
                        + "uri TEXT, "
                        + "stage TEXT NOT NULL, "
                        + "reason TEXT NOT NULL, "
                        + "exception_type TEXT, "
                        + "retriable BOOLEAN NOT NULL, "
                        + "worker_id TEXT NOT NULL, "
                        + "failed_at " + ts + " NOT NULL, "
                        + "raw_base64 TEXT, "
                        + "written_at " + ts + " NOT NULL)",
                "CREATE INDEX IF NOT EXISTS dead_letters_job_id ON dead_letters (job_id)",
                "CREATE TABLE IF NOT EXISTS job_skips ("
                        + "job_id TEXT NOT NULL, "
                        + "image_id TEXT NOT NULL, "
                        + "uri TEXT NOT NULL, "
                        + "etag TEXT, "
                        + "version_id TEXT, "
                        + "model_version TEXT NOT NULL, "
                        + "worker_id TEXT NOT NULL, "
                        + "skipped_at " + ts + " NOT NULL, "
                        + "written_at " + ts + " NOT NULL, "
                        + "PRIMARY KEY (job_id, image_id))");
    }

    /** Creates the tables and indexes that are missing, in one transaction. */
    public static void create(Connection connection, SqlDialect dialect) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            for (String sql : ddl(dialect)) {
                s.execute(sql);
            }
            if (!hasColumn(connection, PREDICTIONS, "sequencer")) {
                // A database made before S3 event ordering: its rows have no sequencer, which any result replaces.
                s.execute("ALTER TABLE predictions ADD COLUMN sequencer " + dialect.sequencerType());
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        try (Statement s = connection.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.getColumnName(i).equalsIgnoreCase(column)) {
                    return true;
                }
            }
            return false;
        }
    }
}
