package io.breedline.bench.fleet;

import io.breedline.worker.inference.BreedModel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A model that takes a fixed time per batch (plus, if given, a time per image) and uses no CPU meanwhile, as a
 * GPU-bound worker's model call looks from the JVM: the fleet benchmark then measures Kafka, the consumer group and the
 * worker's pipeline, not the model. With a time per image it has a CPU model's cost curve (a batch of n costs
 * {@code batchTime + n * imageTime}) without its CPU, which the backfill benchmark needs on a shared 2-core machine.
 * Loads no TensorFlow.
 */
public final class StandInModel implements BreedModel {
    static final List<String> LABELS = List.of("stand-in-a", "stand-in-b", "stand-in-c", "stand-in-d");
    // Small input: resizing stays cheap, so 8 stand-in workers leave the two cores mostly idle.
    static final int INPUT_SIZE = 64;

    private final Duration batchTime;
    private final Duration imageTime;

    StandInModel(Duration batchTime) {
        this(batchTime, Duration.ZERO);
    }

    /** A batch of n images takes {@code batchTime + n * imageTime}. */
    public StandInModel(Duration batchTime, Duration imageTime) {
        if (batchTime.isNegative() || batchTime.isZero() || imageTime.isNegative()) {
            throw new IllegalArgumentException("batch time must be positive and image time not negative: " + batchTime
                    + ", " + imageTime);
        }
        this.batchTime = batchTime;
        this.imageTime = imageTime;
    }

    @Override
    public String name() {
        return "stand-in";
    }

    @Override
    public String version() {
        return "sleep-" + batchTime.toMillis() + "ms" + (imageTime.isZero() ? "" : "+" + imageTime.toMillis() + "ms");
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
        Thread.sleep(batchTime.plus(imageTime.multipliedBy(n)).toMillis());
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new float[LABELS.size()];
            Arrays.fill(rows[i], 1f / LABELS.size());
        }
        return rows;
    }

    @Override
    public String describe() {
        return "stand-in model, " + batchTime.toMillis() + " ms per batch"
                + (imageTime.isZero() ? "" : " + " + imageTime.toMillis() + " ms per image") + ", no CPU";
    }
}
