package io.breedline.worker.consume;

import io.breedline.worker.inference.BreedModel;
import java.util.ArrayList;
import java.util.List;

/** Scores the mean red of each image: class 0 when dark, class 1 when bright. Can be told to fail. */
final class FakeModel implements BreedModel {
    final List<Integer> batchSizes = new ArrayList<>();
    float failWhenRedAbove = Float.MAX_VALUE;
    boolean failBatches;

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public List<String> labels() {
        return List.of("dark", "bright");
    }

    @Override
    public int inputHeight() {
        return 2;
    }

    @Override
    public int inputWidth() {
        return 2;
    }

    @Override
    public float[][] predict(float[] pixels, int n) {
        batchSizes.add(n);
        if (failBatches && n > 1) {
            throw new IllegalStateException("batch too big for the fake");
        }
        int per = 2 * 2 * 3;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float red = 0;
            for (int p = 0; p < 4; p++) {
                red += pixels[i * per + p * 3];
            }
            red /= 4;
            if (red > failWhenRedAbove) {
                throw new IllegalStateException("cannot stand red " + red);
            }
            float bright = red / 255f;
            out[i] = new float[] {1 - bright, bright};
        }
        return out;
    }
}
