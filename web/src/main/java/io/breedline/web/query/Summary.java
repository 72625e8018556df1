package io.breedline.web.query;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The breed summary's figures: photos per top breed, and how sure the model was (ten bins of 10%). */
public final class Summary {
    static final int BINS = 10;
    private final Database db;

    public Summary(Database db) {
        this.db = db;
    }

    public record BreedCount(String breed, long count) {}

    public record Figures(List<BreedCount> breeds, long[] confidenceBins) {}

    public Figures figures(Optional<String> job) throws SQLException {
        String where = job.isPresent() ? " WHERE job_id = ?" : "";
        // One SUM per bin: the same SQL on SQLite and PostgreSQL (their casts round differently; FLOOR is not in
        // every SQLite build).
        StringBuilder bins = new StringBuilder("SELECT ");
        for (int i = 0; i < BINS; i++) {
            double hi = (i + 1) / (double) BINS;
            bins.append(i == 0 ? "" : ", ").append("COALESCE(SUM(CASE WHEN top_probability >= ").append(i / (double) BINS)
                    .append(i == BINS - 1 ? "" : " AND top_probability < " + hi).append(" THEN 1 ELSE 0 END), 0)");
        }
        bins.append(" FROM predictions").append(where);
        return db.run(c -> {
            List<BreedCount> breeds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT top_breed, COUNT(*) FROM predictions" + where
                    + " GROUP BY top_breed ORDER BY COUNT(*) DESC, top_breed")) {
                if (job.isPresent()) {
                    ps.setString(1, job.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        breeds.add(new BreedCount(rs.getString(1), rs.getLong(2)));
                    }
                }
            }
            long[] counts = new long[BINS];
            try (PreparedStatement ps = c.prepareStatement(bins.toString())) {
                if (job.isPresent()) {
                    ps.setString(1, job.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    for (int i = 0; i < BINS; i++) {
                        counts[i] = rs.getLong(i + 1);
                    }
                }
            }
            return new Figures(breeds, counts);
        });
    }
}
