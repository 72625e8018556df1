package io.breedline.cli.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where an image's time went, from the sink's {@code predictions} rows of one job (SQLite): averages per image of the
 * worker's stage timings, the average batch, the model's busy time (each batch's inference time counted once) and
 * publish-to-sink latency (written_at - predicted_at).
 */
record StageTimes(long images, long deadLetters, double fetchMs, double decodeMs, double queueWaitMs,
        double inferenceMs, double batchSize, double modelBusyMs, double publishMs, double lastPredictedEpochMs) {

    private static final String QUERY = "SELECT count(*), avg(fetch_ms), avg(decode_ms), avg(queue_wait_ms), "
            + "avg(inference_ms), avg(batch_size), sum(CAST(inference_ms AS REAL) / batch_size), "
            + "avg((julianday(written_at) - julianday(predicted_at)) * 86400000.0), "
            + "(max(julianday(predicted_at)) - 2440587.5) * 86400000.0 "
            + "FROM predictions WHERE job_id = ?";
    private static final String DEAD = "SELECT count(*) FROM dead_letters WHERE job_id = ?";

    static StageTimes read(Path sqlite, String jobId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite)) {
            long dead;
            try (PreparedStatement ps = c.prepareStatement(DEAD)) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    dead = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(QUERY)) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new StageTimes(rs.getLong(1), dead, rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9));
                }
            }
        }
    }
}
