package io.breedline.worker.ops;

import io.breedline.worker.inference.BreedModel;
import java.util.List;

/** A model that reports every call's duration and size to {@link WorkerMetrics}, and when it is busy. */
public final class MeteredModel implements BreedModel {
    private final BreedModel model;
    private final WorkerMetrics metrics;

    public MeteredModel(BreedModel model, WorkerMetrics metrics) {
        this.model = model;
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

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public String version() {
        return model.version();
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public int inputHeight() {
        return model.inputHeight();
    }

    @Override
    public int inputWidth() {
        return model.inputWidth();
    }

    @Override
    public String describe() {
        return model.describe();
    }

    @Override
    public void close() {
        model.close();
    }
}
