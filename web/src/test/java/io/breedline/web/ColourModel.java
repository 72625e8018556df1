package io.breedline.web;

import io.breedline.worker.inference.BreedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for the breed classifier with the real 120 breeds (the shared samples' {@code breeds.txt}): an image's
 * mean red picks its top breed, its mean green how sure the model is (dark green: unsure, so two breeds show), so a
 * test chooses the answer by the photo it sends.
 */
final class ColourModel implements BreedModel {
    static final Path BREEDS_FILE = Path.of("../../shared/samples/breeds.txt");
    static final int SIZE = 16;
    final List<String> labels;

    ColourModel() {
        try {
            labels = Files.readAllLines(BREEDS_FILE).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the shared breeds list " + BREEDS_FILE.toAbsolutePath(), e);
        }
    }

    /** The breed an image of this red value gets. */
    String breedFor(int red) {
        return labels.get(indexFor(red));
    }

    private int indexFor(float red) {
        return Math.min(labels.size() - 1, (int) (red / 256f * labels.size()));
    }

    @Override
    public String name() {
        return "colour";
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public int inputHeight() {
        return SIZE;
    }

    @Override
    public int inputWidth() {
        return SIZE;
    }

    @Override
    public float[][] predict(float[] pixels, int n) {
        int per = SIZE * SIZE * 3;
        float[][] out = new float[n][labels.size()];
        for (int i = 0; i < n; i++) {
            float red = 0;
            float green = 0;
            for (int p = 0; p < SIZE * SIZE; p++) {
                red += pixels[i * per + p * 3];
                green += pixels[i * per + p * 3 + 1];
            }
            red /= SIZE * SIZE;
            green /= SIZE * SIZE;
            int top = indexFor(red);
            int second = (top + 1) % labels.size();
            float sure = 0.3f + 0.6f * (green / 255f);
            float runnerUp = (1 - sure) * 0.4f;
            float rest = (1 - sure - runnerUp) / (labels.size() - 2);
            java.util.Arrays.fill(out[i], rest);
            out[i][top] = sure;
            out[i][second] = runnerUp;
        }
        return out;
    }
}
