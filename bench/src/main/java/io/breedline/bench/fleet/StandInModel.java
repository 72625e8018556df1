package io.breedline.bench.fleet;

import io.breedline.worker.inference.BreedModel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A model that takes a fixed time per batch and uses no CPU meanwhile, as a GPU-bound worker's model call looks from
 * the JVM: the fleet benchmark then measures Kafka, the consumer group and the worker's pipeline, not the model.
 * Loads no TensorFlow.
 */
final class StandInModel implements BreedModel {
    static final List<String> LABELS = List.of("stand-in-a", "stand-in-b", "stand-in-c", "stand-in-d");
    // Small input: resizing stays cheap, so 8 stand-in workers leave the two cores mostly idle.
    static final int INPUT_SIZE = 64;

    private final Duration batchTime;

    StandInModel(Duration batchTime) {
        if (batchTime.isNegative() || batchTime.isZero()) {
            throw new IllegalArgumentException("batch time must be positive: " + batchTime);
        }
        this.batchTime = batchTime;
    }

    @Override
    public String name() {
        return "stand-in";
    }

    @Override
    public String version() {
        return "sleep-" + batchTime.toMillis() + "ms";
    }

    @Override
    public List<String> labels() {
        return LABELS;
    }

    @Override
    public int inputHeight() {
        return INPUT_SIZE;
    }

    @Override
    public int inputWidth() {
        return INPUT_SIZE;
    }

    @Override
    public float[][] predict(float[] pixels, int n) throws InterruptedException {
        Thread.sleep(batchTime.toMillis());
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new float[LABELS.size()];
            Arrays.fill(rows[i], 1f / LABELS.size());
        }
        return rows;
    }

    @Override
    public String describe() {
        return "stand-in model, " + batchTime.toMillis() + " ms per batch, no CPU";
    }
}
