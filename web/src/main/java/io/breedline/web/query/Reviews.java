package io.breedline.web.query;

import io.breedline.web.http.ApiException;
import java.io.IOException;
import java.io.Writer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * People's verdicts on photos: appended to their own table ({@code reviews}), never written into the model's rows.
 * The newest review of a photo is its reviewed label.
 */
public final class Reviews {
    public static final String CONFIRMED = "confirmed";
    public static final String CORRECTED = "corrected";
    public static final String NOT_A_DOG = "not-a-dog";
    static final Set<String> VERDICTS = Set.of(CONFIRMED, CORRECTED, NOT_A_DOG);
    static final int REVIEWER_MAX = 64;

    private final Database db;
    private final Clock clock;
    private final Set<String> breeds;

    /** @param breeds the breeds a correction may name; empty accepts any */
    public Reviews(Database db, Clock clock, Set<String> breeds) {
        this.db = db;
        this.clock = clock;
        this.breeds = Set.copyOf(breeds);
    }

    /** What {@code POST /api/images/{id}/review} sends. */
    public record Request(String verdict, String breed, String reviewer) {}

    /** Records a verdict; a confirmation takes the model's top breed. Returns the stored review. */
    public ImageCard.Review add(String imageId, Request r) throws SQLException {
        if (r == null || r.verdict() == null || !VERDICTS.contains(r.verdict())) {
            throw ApiException.badRequest("verdict must be one of " + VERDICTS);
        }
        String reviewer = r.reviewer() == null || r.reviewer().isBlank() ? "anonymous" : r.reviewer().strip();
        if (reviewer.length() > REVIEWER_MAX || reviewer.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("reviewer must be at most " + REVIEWER_MAX + " printable characters");
        }
        return db.run(c -> {
            String modelVersion = null;
            String topBreed = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT model_version, top_breed FROM predictions "
                    + "WHERE image_id = ? ORDER BY predicted_at DESC LIMIT 1")) {
                ps.setString(1, imageId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        modelVersion = rs.getString(1);
                        topBreed = rs.getString(2);
                    }
                }
            }
            String breed = switch (r.verdict()) {
                case CONFIRMED -> {
                    if (topBreed == null) {
                        throw ApiException.notFound("no labeled photo " + imageId + " to confirm");
                    }
                    yield topBreed;
                }
                case CORRECTED -> checkedBreed(r.breed());
                default -> null;
            };
            if (modelVersion == null && !exists(c, imageId)) {
                throw ApiException.notFound("no photo " + imageId);
            }
            String at = clock.instant().toString();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reviews (review_id, image_id, model_version, verdict, "
                    + "breed, reviewer, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, imageId);
                ps.setString(3, modelVersion);
                ps.setString(4, r.verdict());
                ps.setString(5, breed);
                ps.setString(6, reviewer);
                db.dialect().bindInstant(ps, 7, clock.instant());
                ps.executeUpdate();
            }
            return new ImageCard.Review(r.verdict(), breed, reviewer, at);
        });
    }

    private String checkedBreed(String breed) {
        if (breed == null || breed.isBlank()) {
            throw ApiException.badRequest("a correction names the breed");
        }
        if (!breeds.isEmpty() && !breeds.contains(breed)) {
            throw ApiException.badRequest("'" + breed + "' is not one of the model's breeds");
        }
        return breed;
    }

    private static boolean exists(java.sql.Connection c, String imageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM dead_letters WHERE image_id = ?")) {
            ps.setString(1, imageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // Each photo's newest review, with where the photo is: what retraining needs.
    private static final String EXPORT = "SELECT r.image_id, COALESCE(p.uri, d.uri), r.verdict, r.breed, p.top_breed, "
            + "r.reviewer, r.reviewed_at FROM reviews r "
            + "LEFT JOIN predictions p ON p.image_id = r.image_id AND p.model_version = r.model_version "
            + "LEFT JOIN dead_letters d ON d.image_id = r.image_id "
            + "WHERE r.review_id = (SELECT r2.review_id FROM reviews r2 WHERE r2.image_id = r.image_id "
            + "ORDER BY r2.reviewed_at DESC, r2.review_id DESC LIMIT 1) ORDER BY r.breed, r.image_id";

    /** CSV: image_id, file, uri, label (the breed, or not-a-dog), verdict, model_breed, reviewer, reviewed_at. */
    public void exportCsv(Writer out) throws SQLException, IOException {
        out.write("image_id,file,uri,label,verdict,model_breed,reviewer,reviewed_at\n");
        export(row -> out.write(String.join(",", List.of(cell(row[0]), cell(ImageCard.nameOf(row[1])), cell(row[1]),
                cell(label(row)), cell(row[2]), cell(row[4]), cell(row[5]), cell(row[6]))) + "\n"));
    }

    /** One line per reviewed photo, {@code label/file<TAB>uri}: the folder-per-breed layout retraining reads. */
    public void exportFolders(Writer out) throws SQLException, IOException {
        export(row -> out.write(folder(label(row)) + "/" + row[0].substring(0, 8) + "-" + folder(ImageCard.nameOf(row[1]))
                + "\t" + row[1] + "\n"));
    }

    private interface RowWriter {
        void write(String[] row) throws IOException;
    }

    private void export(RowWriter writer) throws SQLException, IOException {
        List<String[]> rows = db.run(c -> {
            List<String[]> all = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(EXPORT); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[7];
                    for (int i = 0; i < row.length; i++) {
                        Object v = rs.getObject(i + 1);
                        row[i] = v == null ? "" : v.toString();
                    }
                    all.add(row);
                }
            }
            return all;
        });
        for (String[] row : rows) {
            writer.write(row);
        }
    }

    private static String label(String[] row) {
        return NOT_A_DOG.equals(row[2]) ? NOT_A_DOG : row[3];
    }

    /** A path segment: no separators, no dot-only names. */
    static String folder(String name) {
        String s = name == null ? "" : name.replaceAll("[/\\\\\\x00-\\x1f]", "_");
        return s.isEmpty() || s.matches("\\.+") ? "_" : s;
    }

    /** A CSV cell, quoted, with a leading formula character neutralised so a spreadsheet shows it as text. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
