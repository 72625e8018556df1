package io.breedline.worker;

import io.breedline.worker.inference.BreedModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A model that takes its time: sleeps on every call, then labels each 8x8 image by the red of its first pixel. */
final class SleepyModel implements BreedModel {
    final AtomicInteger calls = new AtomicInteger();
    private final Duration perCall;

    SleepyModel(Duration perCall) {
        this.perCall = perCall;
    }

    @Override
    public String name() {
        return "sleepy";
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
        return 8;
    }

    @Override
    public int inputWidth() {
        return 8;
    }

    @Override
    public float[][] predict(float[] pixels, int n) throws InterruptedException {
        calls.incrementAndGet();
        Thread.sleep(perCall.toMillis());
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float bright = pixels[i * 8 * 8 * 3] / 255f;
            out[i] = new float[] {1 - bright, bright};
        }
        return out;
    }
}
