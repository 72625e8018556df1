package io.breedline.sink.query;

import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.jdbc.SqlSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored probabilities of every image a job predicted, by class index: the whole distribution when the job ran with
 * a top-k as large as the model's classes (as {@code ./breedline evaluate} does), else its top k with the rest 0.
 */
public final class JobDistributions {
    static final String QUERY = "SELECT p.uri, p.model_version, b.class_index, b.probability FROM predictions p "
            + "JOIN prediction_breeds b ON b.image_id = p.image_id AND b.model_version = p.model_version "
            + "WHERE p.job_id = ? ORDER BY p.uri, p.model_version, b.rank";

    /** @param stored how many classes the rows held (the top k actually written) */
    public record Distribution(String uri, String modelVersion, double[] probabilities, int stored) {}

    private JobDistributions() {}

    public static List<Distribution> forJob(JdbcTarget target, String jobId, int classes) throws SQLException {
        // The sink has migrated it; a database it never reached still gets empty tables rather than "no such table".
        SqlSchema.migrate(target);
        try (Connection c = target.connect()) {
            try (PreparedStatement ps = c.prepareStatement(QUERY)) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return read(rs, classes);
                }
            }
        }
    }

    private static List<Distribution> read(ResultSet rs, int classes) throws SQLException {
        List<Distribution> out = new ArrayList<>();
        String uri = null;
        String version = null;
        double[] p = null;
        int stored = 0;
        while (rs.next()) {
            if (!rs.getString(1).equals(uri) || !rs.getString(2).equals(version)) {
                if (p != null) {
                    out.add(new Distribution(uri, version, p, stored));
                }
                uri = rs.getString(1);
                version = rs.getString(2);
                p = new double[classes];
                stored = 0;
            }
            int index = rs.getInt(3);
            if (index < 0 || index >= classes) {
                throw new IllegalStateException(uri + " has a probability for class " + index + " but the model has "
                        + classes + " classes");
            }
            p[index] = rs.getDouble(4);
            stored++;
        }
        if (p != null) {
            out.add(new Distribution(uri, version, p, stored));
        }
        return out;
    }
}
