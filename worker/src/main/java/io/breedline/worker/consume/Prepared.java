package io.breedline.worker.consume;

import io.breedline.contracts.DeadLetter;

/** How fetching, decoding and resizing one image ended. */
sealed interface Prepared {
    /**
     * The model input for one image.
     *
     * @param pixels {@code H * W * 3} floats in 0..255
     * @param readyNanos when it became ready, to measure how long it then waited for the model
     */
    record Ready(float[] pixels, long fetchMs, long decodeMs, long readyNanos) implements Prepared {}

    /** The image will not be labelled; its dead letter says why. */
    record Failed(DeadLetter deadLetter) implements Prepared {}
}
