package io.breedline.worker.ops;

import io.breedline.worker.inference.BreedModel;
import io.breedline.worker.inference.ForwardingBreedModel;

/** A model that reports every call's duration and size to {@link WorkerMetrics}, and when it is busy. */
public final class MeteredModel extends ForwardingBreedModel {
    private final WorkerMetrics metrics;

    public MeteredModel(BreedModel model, WorkerMetrics metrics) {
        super(model);
        this.metrics = metrics;
    }

    @Override
    public float[][] predict(float[] pixels, int n) throws Exception {
        long start = System.nanoTime();
        metrics.modelCallStarted();
        try {
            return model.predict(pixels, n);
        } finally {
            metrics.modelCallFinished(n, System.nanoTime() - start);
        }
    }
}
