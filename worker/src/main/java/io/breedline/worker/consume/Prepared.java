package io.breedline.worker.consume;

import io.breedline.contracts.DeadLetter;

/** How fetching, decoding and resizing one image ended. */
sealed interface Prepared {
    /**
     * The model input for one image.
     *
     * @param pixels {@code H * W * 3} floats in 0..255
     * @param readyNanos when it became ready, to measure how long it then waited for the model
     * @param etag the ETag of the bytes actually read (the object may have changed since the reference), or null
     * @param versionId the version actually read, or null
     */
    record Ready(float[] pixels, long fetchMs, long decodeMs, long readyNanos, String etag, String versionId)
            implements Prepared {
        Ready(float[] pixels, long fetchMs, long decodeMs, long readyNanos) {
            this(pixels, fetchMs, decodeMs, readyNanos, null, null);
        }
    }

    /** The image will not be labelled; its dead letter says why. */
    record Failed(DeadLetter deadLetter) implements Prepared {}

    /** Already labeled (or being labeled) for this content and model version: committed with its batch, nothing else. */
    record Skipped() implements Prepared {}
}
