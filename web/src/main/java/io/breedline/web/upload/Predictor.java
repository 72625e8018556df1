package io.breedline.web.upload;

import com.fasterxml.jackson.core.type.TypeReference;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.ImageRef;
import io.breedline.ingest.publish.ReferencePublisher;
import io.breedline.sink.query.DisplayRule;
import io.breedline.web.http.ApiException;
import io.breedline.web.http.Exchanges;
import io.breedline.web.query.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An uploaded photo through the real pipeline: stored where the worker reads, one image reference on the images topic
 * (the web's own job), then the sink's row waited for in the results database. So an upload gets exactly the
 * preprocessing and model an archive run gets.
 */
public final class Predictor implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(15);

    private final UploadStore store;
    private final ReferencePublisher publisher;
    private final Database db;
    private final String jobId;
    private final Duration timeout;
    private final Clock clock;

    public Predictor(UploadStore store, ReferencePublisher publisher, Database db, String jobId, Duration timeout, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.db = db;
        this.jobId = jobId;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The answer {@code POST /api/predict} returns. */
    public record Answer(String imageId, String name, String modelName, String modelVersion, List<BreedScore> breeds,
            String display) {}

    public String jobId() {
        return jobId;
    }

    public Answer predict(String fileName, byte[] content) throws IOException, SQLException, InterruptedException {
        String uri = store.store(fileName, content);
        ImageRef ref = ImageRef.of(uri, null, null, (long) content.length, jobId, clock.instant());
        long failedBefore = publisher.failed();
        publisher.publish(ref);
        publisher.flush();
        if (publisher.failed() > failedBefore) {
            Exception e = publisher.firstFailure();
            throw new ApiException(503, "the images topic did not take the photo: " + (e == null ? "unknown" : e.getMessage()));
        }
        Instant deadline = clock.instant().plus(timeout);
        while (clock.instant().isBefore(deadline)) {
            Optional<Answer> answer = outcome(ref.imageId(), UploadCheck.safeName(fileName));
            if (answer.isPresent()) {
                return answer.get();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new ApiException(504, "no answer from the pipeline within " + timeout.toSeconds()
                + " s (BREEDLINE_WEB_PREDICT_TIMEOUT); the photo is queued as image " + ref.imageId());
    }

    private Optional<Answer> outcome(String imageId, String name) throws SQLException {
        return db.run(c -> {
            // This job's prediction, or the one an earlier job made of the same content, which the worker skipped.
            try (PreparedStatement ps = c.prepareStatement("SELECT p.model_name, p.model_version, p.top_k_json, p.not_a_dog "
                    + "FROM predictions p WHERE p.image_id = ? AND (p.job_id = ? OR EXISTS (SELECT 1 FROM job_skips s "
                    + "WHERE s.job_id = ? AND s.image_id = p.image_id AND s.model_version = p.model_version)) "
                    + "ORDER BY p.predicted_at DESC LIMIT 1")) {
                ps.setString(1, imageId);
                ps.setString(2, jobId);
                ps.setString(3, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        List<BreedScore> breeds = breeds(rs.getString(3));
                        return Optional.of(new Answer(imageId, name, rs.getString(1), rs.getString(2), breeds,
                                display(breeds, rs.getBoolean(4))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT stage, reason FROM dead_letters WHERE image_id = ? AND job_id = ?")) {
                ps.setString(1, imageId);
                ps.setString(2, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new ApiException(422, "the worker could not label the photo (" + rs.getString(1) + "): "
                                + rs.getString(2));
                    }
                }
            }
            return Optional.<Answer>empty();
        });
    }

    /** The display rule over the shown top-k ({@code top_k_json}), "not a dog?" first when the prediction is marked. */
    static String display(List<BreedScore> breeds, boolean notADog) {
        if (breeds.isEmpty()) {
            return "";
        }
        BreedScore top = breeds.get(0);
        BreedScore second = breeds.size() > 1 ? breeds.get(1) : null;
        return DisplayRule.sentence(top.breed(), top.probability(), second == null ? null : second.breed(),
                second == null ? null : second.probability(), notADog);
    }

    private static List<BreedScore> breeds(String json) {
        try {
            return Exchanges.JSON.readValue(json, new TypeReference<List<BreedScore>>() {});
        } catch (IOException e) {
            throw new IllegalStateException("the results database holds top-k JSON this version cannot read", e);
        }
    }

    @Override
    public void close() {
        publisher.close();
    }
}
