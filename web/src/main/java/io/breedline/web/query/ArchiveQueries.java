package io.breedline.web.query;

import io.breedline.sink.query.DisplayRule;
import io.breedline.web.query.ImageFilter.Outcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The grid's queries: a job's photos in confidence order, one keyset page at a time, on the sink's tables (see
 * {@code SqlSchema}; the indexes {@code predictions_job_confidence} and {@code predictions_job_breed_confidence} serve
 * them). The same SQL runs on SQLite and PostgreSQL (row values compare as tuples on both).
 */
public final class ArchiveQueries {
    // The latest review of each photo: reviews are appended, never updated, and the newest counts.
    static final String LATEST_REVIEW = "LEFT JOIN reviews r ON r.review_id = (SELECT r2.review_id FROM reviews r2 "
            + "WHERE r2.image_id = p.image_id ORDER BY r2.reviewed_at DESC, r2.review_id DESC LIMIT 1) ";

    private final Database db;

    public ArchiveQueries(Database db) {
        this.db = db;
    }

    public ImagePage page(ImageFilter f) throws SQLException {
        return f.outcome() == Outcome.DEAD_LETTER ? deadLetters(f) : labeled(f);
    }

    private ImagePage labeled(ImageFilter f) throws SQLException {
        // The page's keys first, from one index alone (the planner picks the breed index only in a query without
        // joins), then their details.
        StringBuilder sql = new StringBuilder("SELECT p.image_id, p.model_version, p.uri, p.job_id, p.top_breed, "
                + "p.top_probability, b.breed, b.probability, r.verdict, r.breed, r.reviewer, r.reviewed_at, p.not_a_dog "
                + "FROM (SELECT p.image_id, p.model_version, p.top_probability FROM predictions p "
                + "WHERE p.top_probability >= ? AND p.top_probability <= ?");
        // The page key narrows the confidence range itself: SQLite starts its index range at the scalar bounds only,
        // so a key left to the tuple comparison alone would scan from the range's end to the key on every page.
        double min = f.minConfidence();
        double max = f.maxConfidence();
        if (f.after().isPresent()) {
            double k = f.after().get().confidence();
            min = f.ascending() ? Math.max(min, k) : min;
            max = f.ascending() ? max : Math.min(max, k);
        }
        List<Object> args = new ArrayList<>(List.of(min, max));
        f.job().ifPresent(j -> {
            sql.append(" AND p.job_id = ?");
            args.add(j);
        });
        f.breed().ifPresent(b -> {
            sql.append(" AND p.top_breed = ?");
            args.add(b);
        });
        if (f.outcome() == Outcome.REVIEWED) {
            sql.append(" AND EXISTS (SELECT 1 FROM reviews x WHERE x.image_id = p.image_id)");
        } else if (f.outcome() == Outcome.UNREVIEWED) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM reviews x WHERE x.image_id = p.image_id)");
        }
        String cmp = f.ascending() ? ">" : "<";
        String dir = f.ascending() ? "ASC" : "DESC";
        f.after().ifPresent(k -> {
            sql.append(" AND (p.top_probability, p.image_id, p.model_version) ").append(cmp).append(" (?, ?, ?)");
            args.add(k.confidence());
            args.add(k.imageId());
            args.add(k.modelVersion());
        });
        String order = " ORDER BY %1$s.top_probability " + dir + ", %1$s.image_id " + dir + ", %1$s.model_version " + dir;
        sql.append(String.format(order, "p")).append(" LIMIT ?) k ")
                .append("JOIN predictions p ON p.image_id = k.image_id AND p.model_version = k.model_version ")
                .append("LEFT JOIN prediction_breeds b ")
                .append("ON b.image_id = p.image_id AND b.model_version = p.model_version AND b.rank = 2 ")
                .append(LATEST_REVIEW)
                .append(String.format(order, "k"));
        args.add(f.limit() + 1);
        return db.run(c -> {
            List<ImageCard> cards = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cards.add(labeledCard(rs));
                    }
                }
            }
            return page(cards, f.limit(), last -> new PageKey(last.confidence(), last.imageId(), last.modelVersion()));
        });
    }

    private static ImageCard labeledCard(ResultSet rs) throws SQLException {
        String top = rs.getString(5);
        double topP = rs.getDouble(6);
        String second = rs.getString(7);
        double secondP = rs.getDouble(8);
        Double secondOrNull = rs.wasNull() ? null : secondP;
        String verdict = rs.getString(9);
        ImageCard.Review review = verdict == null ? null
                : new ImageCard.Review(verdict, rs.getString(10), rs.getString(11), String.valueOf(rs.getObject(12)));
        return new ImageCard(rs.getString(1), rs.getString(2), ImageCard.nameOf(rs.getString(3)), rs.getString(4),
                "labeled", top, topP, DisplayRule.sentence(top, topP, second, secondOrNull, rs.getBoolean(13)), review, null,
                null);
    }

    private ImagePage deadLetters(ImageFilter f) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT d.image_id, d.uri, d.job_id, d.stage, d.reason FROM dead_letters d "
                + "WHERE NOT EXISTS (SELECT 1 FROM predictions p WHERE p.image_id = d.image_id)");
        List<Object> args = new ArrayList<>();
        f.job().ifPresent(j -> {
            sql.append(" AND d.job_id = ?");
            args.add(j);
        });
        f.after().ifPresent(k -> {
            sql.append(" AND d.image_id > ?");
            args.add(k.imageId());
        });
        sql.append(" ORDER BY d.image_id LIMIT ?");
        args.add(f.limit() + 1);
        return db.run(c -> {
            List<ImageCard> cards = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cards.add(new ImageCard(rs.getString(1), null, ImageCard.nameOf(rs.getString(2)), rs.getString(3),
                                "dead-letter", null, null, null, null, rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return page(cards, f.limit(), last -> new PageKey(0, last.imageId(), ""));
        });
    }

    private interface KeyOf {
        PageKey of(ImageCard last);
    }

    private static ImagePage page(List<ImageCard> rows, int limit, KeyOf key) {
        if (rows.size() <= limit) {
            return new ImagePage(rows, null);
        }
        List<ImageCard> page = rows.subList(0, limit);
        return new ImagePage(List.copyOf(page), key.of(page.get(limit - 1)).encode());
    }

    static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }
}
