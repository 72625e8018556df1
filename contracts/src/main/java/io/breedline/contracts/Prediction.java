package io.breedline.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param calibration the calibrated top-k and the "not a dog" verdict when the model version has a saved calibration;
 *     null otherwise, and then left out of the JSON, so a model without calibration publishes exactly what it did before
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
        String sequencer,
        @JsonInclude(JsonInclude.Include.NON_NULL) Calibration calibration) {

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

    /** A prediction without calibration. */
    public Prediction(int schemaVersion, String imageId, String uri, String etag, String versionId, String jobId,
            List<BreedScore> topK, String modelName, String modelVersion, StageTimings timings, String workerId,
            Instant predictedAt, String sequencer) {
        this(schemaVersion, imageId, uri, etag, versionId, jobId, topK, modelName, modelVersion, timings, workerId,
                predictedAt, sequencer, null);
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

    /** The top-k to show: the calibrated one when the calibration says so, else the raw {@link #topK()}. */
    public List<BreedScore> shownTopK() {
        return calibration != null && calibration.display() == Calibration.Display.CALIBRATED ? calibration.topK() : topK;
    }

    /** Scored below the calibration's "not a dog" threshold; never for a model without calibration. */
    public boolean notADog() {
        return calibration != null && calibration.unknown();
    }
}
