package io.breedline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The labels of one image, published by a worker on the predictions topic, keyed by image id.
 *
 * @param topK classes by descending probability (k = 5 unless configured)
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
        Instant predictedAt) {

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

    public BreedScore top() {
        return topK.get(0);
    }
}
