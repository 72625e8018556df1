package io.breedline.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A reference of a job that the worker did not label because the image is already labeled (or being labeled) for the
 * same content and model version: published on its own topic ({@link Topics#alreadyLabeled()}), keyed by image id, in
 * the same transaction as the batch's offsets. It gives the job an outcome for the image, so job progress completes;
 * the labels themselves are the prediction row an earlier reference wrote.
 *
 * <p>A topic of its own, not a second kind of message on the predictions topic: readers that know only
 * {@link Prediction} never see it.
 *
 * @param jobId the skipped reference's job, or null when it had none
 * @param etag the unquoted ETag the reference matched, or null
 * @param versionId the object version the reference matched, or null
 * @param modelVersion the model version whose labels the image already has
 * @param workerId the worker that skipped it
 */
public record AlreadyLabeled(
        int schemaVersion,
        String imageId,
        String uri,
        String jobId,
        String etag,
        String versionId,
        String modelVersion,
        String workerId,
        Instant skippedAt) {

    public AlreadyLabeled {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(skippedAt, "skippedAt");
    }
}
