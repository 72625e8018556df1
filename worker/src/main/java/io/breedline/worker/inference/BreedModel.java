package io.breedline.worker.inference;

import java.util.List;

/**
 * A loaded image classifier, ready to serve: what the worker needs from a model and nothing else, so tests can run the
 * whole pipeline with a fake. Called from one thread at a time.
 */
public interface BreedModel extends AutoCloseable {
    /** The name predictions carry ({@code BREEDLINE_MODEL_NAME}). */
    String name();

    /** The version predictions carry ({@code BREEDLINE_MODEL_VERSION}, else a content hash). */
    String version();

    /** One label per output class, in output order. */
    List<String> labels();

    int inputHeight();

    int inputWidth();

    /**
     * Class probabilities for {@code n} images.
     *
     * @param pixels {@code n * inputHeight() * inputWidth() * 3} floats in 0..255, NHWC (the array may be longer)
     * @return {@code n} rows of {@code labels().size()} probabilities
     */
    float[][] predict(float[] pixels, int n) throws Exception;

    /** What to log at start-up: engine, device, signature. */
    default String describe() {
        return name() + " " + version();
    }

    @Override
    default void close() {}
}
