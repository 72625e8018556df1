package io.breedline.web.query;

import com.fasterxml.jackson.core.type.TypeReference;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Schema;
import io.breedline.web.http.Exchanges;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything known about one photo, and where its bytes are (for the server's own use, never sent to a client). */
public final class ImageDetails {
    private final Database db;

    public ImageDetails(Database db) {
        this.db = db;
    }

    /** One model's answer for the photo: top-k, stage timings, who and what. */
    public record ModelResult(String modelName, String modelVersion, String jobId, List<BreedScore> breeds,
            Map<String, Long> stageMs, Integer batchSize, String workerId, String predictedAt) {}

    public record Failure(String stage, String reason, String exceptionType, String failedAt) {}

    public record Detail(String imageId, String name, List<ModelResult> results, Failure deadLetter,
            List<ImageCard.Review> reviews) {}

    public Optional<Detail> detail(String imageId) throws SQLException {
        return db.run(c -> {
            String name = null;
            List<ModelResult> results = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT model_name, model_version, job_id, top_k_json, fetch_ms, "
                    + "decode_ms, queue_wait_ms, inference_ms, batch_size, worker_id, predicted_at, uri FROM predictions "
                    + "WHERE image_id = ? ORDER BY predicted_at DESC")) {
                ps.setString(1, imageId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Long> stages = new java.util.LinkedHashMap<>();
                        String[] names = {"fetch", "decode", "queueWait", "inference"};
                        for (int i = 0; i < names.length; i++) {
                            long v = rs.getLong(5 + i);
                            stages.put(names[i], rs.wasNull() ? null : v);
                        }
                        int batch = rs.getInt(9);
                        results.add(new ModelResult(rs.getString(1), rs.getString(2), rs.getString(3), breeds(rs.getString(4)),
                                stages, rs.wasNull() ? null : batch, rs.getString(10), String.valueOf(rs.getObject(11))));
                        name = ImageCard.nameOf(rs.getString(12));
                    }
                }
            }
            Failure failure = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT stage, reason, exception_type, failed_at, uri FROM dead_letters WHERE image_id = ?")) {
                ps.setString(1, imageId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        failure = new Failure(rs.getString(1), rs.getString(2), rs.getString(3), String.valueOf(rs.getObject(4)));
                        name = name != null ? name : ImageCard.nameOf(rs.getString(5));
                    }
                }
            }
            if (results.isEmpty() && failure == null) {
                return Optional.<Detail>empty();
            }
            List<ImageCard.Review> reviews = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT verdict, breed, reviewer, reviewed_at FROM reviews "
                    + "WHERE image_id = ? ORDER BY reviewed_at DESC, review_id DESC")) {
                ps.setString(1, imageId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reviews.add(new ImageCard.Review(rs.getString(1), rs.getString(2), rs.getString(3),
                                String.valueOf(rs.getObject(4))));
                    }
                }
            }
            return Optional.of(new Detail(imageId, name, results, failure, reviews));
        });
    }

    /** Where the photo's bytes are, as the worker was told: the newest prediction's, else the dead letter's. */
    public Optional<ImageRef> source(String imageId) throws SQLException {
        return db.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT uri, etag, version_id, job_id FROM predictions "
                    + "WHERE image_id = ? ORDER BY predicted_at DESC LIMIT 1")) {
                ps.setString(1, imageId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(ref(imageId, rs.getString(1), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT uri, job_id FROM dead_letters WHERE image_id = ? AND uri IS NOT NULL")) {
                ps.setString(1, imageId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(ref(imageId, rs.getString(1), null, rs.getString(2)));
                    }
                }
            }
            return Optional.<ImageRef>empty();
        });
    }

    // The etag is not pinned: the thumbnail shows the object as it is now, which is what the worker would read too.
    private static ImageRef ref(String imageId, String uri, String versionId, String jobId) {
        return new ImageRef(Schema.VERSION, imageId, uri, null, versionId, null, jobId == null ? "web" : jobId,
                Instant.now(), null);
    }

    private static List<BreedScore> breeds(String json) {
        try {
            return Exchanges.JSON.readValue(json, new TypeReference<List<BreedScore>>() {});
        } catch (IOException e) {
            return List.of(); // a row this version cannot read shows without its top-k rather than failing the page
        }
    }
}
