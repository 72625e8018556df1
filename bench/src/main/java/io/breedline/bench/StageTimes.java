package io.breedline.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where an image's time went, from the sink's {@code predictions} rows of one job (SQLite): averages per image of the
 * worker's stage timings, the average batch, the model's busy time (the union of the batches' model calls, which
 * overlap with several model streams) and publish-to-sink latency (written_at - predicted_at).
 */
record StageTimes(long images, long deadLetters, double fetchMs, double decodeMs, double queueWaitMs,
        double inferenceMs, double batchSize, double modelBusyMs, double publishMs, double lastPredictedEpochMs) {

    private static final String QUERY = "SELECT count(*), avg(fetch_ms), avg(decode_ms), avg(queue_wait_ms), "
            + "avg(inference_ms), avg(batch_size), 0, "
            + "avg((julianday(written_at) - julianday(predicted_at)) * 86400000.0), "
            + "(max(julianday(predicted_at)) - 2440587.5) * 86400000.0 "
            + "FROM predictions WHERE job_id = ?";
    private static final String DEAD = "SELECT count(*) FROM dead_letters WHERE job_id = ?";
    // Each row's model call: it ended when the prediction was made and lasted its batch's inference time.
    private static final String CALLS = "SELECT (julianday(predicted_at) - 2440587.5) * 86400000.0, inference_ms "
            + "FROM predictions WHERE job_id = ?";

    // The union of [end - duration, end] over every row: the rows of one batch share one interval, overlapping
    // batches (several model streams) count once.
    private static double modelBusyMs(Connection c, String jobId) throws SQLException {
        List<double[]> calls = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CALLS)) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double end = rs.getDouble(1);
                    calls.add(new double[] {end - rs.getDouble(2), end});
                }
            }
        }
        return union(calls);
    }

    static double union(List<double[]> intervals) {
        List<double[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingDouble(i -> i[0]));
        double total = 0;
        double start = Double.NaN;
        double end = Double.NaN;
        for (double[] i : sorted) {
            if (Double.isNaN(start) || i[0] > end) {
                if (!Double.isNaN(start)) {
                    total += end - start;
                }
                start = i[0];
                end = i[1];
            } else {
                end = Math.max(end, i[1]);
            }
        }
        return Double.isNaN(start) ? 0 : total + end - start;
    }

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
                            rs.getDouble(5), rs.getDouble(6), modelBusyMs(c, jobId), rs.getDouble(8), rs.getDouble(9));
                }
            }
        }
    }
}
