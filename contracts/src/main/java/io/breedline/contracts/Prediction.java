package io.breedline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The labels of one image, published by a worker on the predictions topic, keyed by image id.
 *
 * @param etag the ETag of the content the worker actually read (unquoted), which may be newer than the reference's
 * @param topK classes by descending probability (k = 5 unless configured)
 * @param sequencer the reference's S3 event sequencer, or null; of two predictions of one image and model version, the
 *     sink keeps the one with the higher sequencer (a null one always replaces, see {@link Sequencer#replaces})
 */
public record Prediction(
        int schemaVersion,
        String imageId,
        String uri,
        String etag,
        String versionId,
        String jobId,
        List<BreedScore> topK,
        String modelName,
        String modelVersion,
        StageTimings timings,
        String workerId,
        Instant predictedAt,
        String sequencer) {

    public Prediction {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(predictedAt, "predictedAt");
        topK = List.copyOf(Objects.requireNonNull(topK, "topK"));
        if (topK.isEmpty()) {
            throw new IllegalArgumentException("topK must not be empty");
        }
    }

    /** A prediction without a sequencer (the form before S3 event ordering). */
    public Prediction(int schemaVersion, String imageId, String uri, String etag, String versionId, String jobId,
            List<BreedScore> topK, String modelName, String modelVersion, StageTimings timings, String workerId,
            Instant predictedAt) {
        this(schemaVersion, imageId, uri, etag, versionId, jobId, topK, modelName, modelVersion, timings, workerId,
                predictedAt, null);
    }

    public BreedScore top() {
        return topK.get(0);
    }
}
