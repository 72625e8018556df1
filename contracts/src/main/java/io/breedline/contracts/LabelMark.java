package io.breedline.contracts;

import java.util.Objects;

/**
 * What the result row of one image holds, as far as de-duplication needs it: a record on the compacted labeled topic
 * ({@link Topics#labeled()}), keyed by image id, written by the worker in the same transaction as the prediction and
 * on the partition of the images topic the reference came from. Only the latest mark of an image matters.
 *
 * @param etag the unquoted ETag of the content labeled, or null when unknown (the image is then never skipped)
 * @param versionId the object version labeled, or null
 * @param sequencer the highest {@link Sequencer normalized} sequencer the row has seen, or null
 * @param modelVersion the model version that labeled it; a worker with another version ignores the mark
 */
public record LabelMark(int schemaVersion, String imageId, String etag, String versionId, String sequencer,
        String modelVersion) {

    public LabelMark {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }
}
