package io.breedline.worker.fakes;

import io.breedline.worker.inference.BreedModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake model tests share: square images of {@code side} pixels, two classes, dark and bright, scored from the red of
 * each image's first pixel (solid test images: their colour). A test that needs the model to wait, sleep or fail
 * overrides {@link #beforeCall}.
 */
public class DarkBrightModel implements BreedModel {
    private final String name;
    private final int side;
    private final AtomicInteger calls = new AtomicInteger();

    public DarkBrightModel(String name, int side) {
        this.name = name;
        this.side = side;
    }

    /**
     * Runs before each call is scored, on the calling thread; {@code call} counts from 0 (the worker's warm-up is
     * call 0). Throwing fails the call.
     */
    protected void beforeCall(int call, float[] pixels, int n) throws Exception {}

    /** How many calls the model has had. */
    public final int calls() {
        return calls.get();
    }

    @Override
    public final float[][] predict(float[] pixels, int n) throws Exception {
        beforeCall(calls.getAndIncrement(), pixels, n);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float bright = pixels[i * side * side * 3] / 255f;
            out[i] = new float[] {1 - bright, bright};
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public List<String> labels() {
        return List.of("dark", "bright");
    }

    @Override
    public int inputHeight() {
        return side;
    }

    @Override
    public int inputWidth() {
        return side;
    }
}
