package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.models.EfficientNetB3Model;
import io.breedline.models.OracleModel;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freezing must not change what the model computes: the frozen EfficientNetB3 and oracle give the plain models'
 * probabilities within {@link ModelLoader#TOLERANCE}, on inputs other than the loader's own probe images.
 */
class FrozenBreedModelIT {
    private static final Logger log = LoggerFactory.getLogger(FrozenBreedModelIT.class);
    private static final int SIZE = 256;
    private static final int PER_IMAGE = SIZE * SIZE * 3;

    @TempDir
    static Path shared;

    static Path efficientNet;
    static Path oracle;

    @BeforeAll
    static void build() {
        efficientNet = EfficientNetB3Model.build(shared.resolve("efficientnetb3"), EfficientNetB3Model.SEED_DEFAULT);
        oracle = OracleModel.build(shared.resolve("oracle"));
    }

    @Test
    void frozenEfficientNetB3GivesThePlainModelsProbabilities() throws Exception {
        Random random = new Random(11);
        float[] pixels = new float[4 * PER_IMAGE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i < 2 * PER_IMAGE ? random.nextInt(256) : (i % 769) / 3f;
        }
        try (DjlBreedModel plain = DjlBreedModel.load(spec(efficientNet), () -> null);
                FrozenBreedModel frozen = FrozenBreedModel.freeze(plain)) {
            assertThat(frozen.describe()).startsWith("frozen: ").doesNotStartWith("frozen: 0 variables");
            assertAgree("efficientnetb3", plain.predict(pixels, 4), frozen.predict(pixels, 4));
            // A batch of one through the frozen graph: same row as in the batch of four.
            assertAgree("efficientnetb3, batch of 1", new float[][] {plain.predict(pixels, 4)[0]},
                    frozen.predict(pixels, 1));
        }
    }

    @Test
    void frozenOracleGivesThePlainModelsProbabilities() throws Exception {
        int n = OracleModel.labels().size();
        float[] pixels = new float[n * PER_IMAGE];
        Random random = new Random(5);
        for (int k = 0; k < n; k++) {
            Color c = OracleModel.colourOf(k);
            for (int i = 0; i < PER_IMAGE; i += 3) {
                pixels[k * PER_IMAGE + i] = clamp(c.getRed() + (float) random.nextGaussian() * 40);
                pixels[k * PER_IMAGE + i + 1] = clamp(c.getGreen() + (float) random.nextGaussian() * 40);
                pixels[k * PER_IMAGE + i + 2] = clamp(c.getBlue() + (float) random.nextGaussian() * 40);
            }
        }
        try (DjlBreedModel plain = DjlBreedModel.load(spec(oracle), () -> null);
                FrozenBreedModel frozen = FrozenBreedModel.freeze(plain)) {
            float[][] expected = plain.predict(pixels, n);
            float[][] actual = frozen.predict(pixels, n);
            assertAgree("oracle", expected, actual);
            for (int k = 0; k < n; k++) {
                assertThat(argMax(actual[k])).as("class of image %d", k).isEqualTo(k);
            }
        }
    }

    @Test
    void theLoaderServesTheFrozenFormWhenAskedAndThePlainOneOtherwise() throws Exception {
        // With a warm-up batch of 8, as the worker loads it for batches of 8.
        try (BreedModel frozen = ModelLoader.load(spec(oracle), true, 8, () -> null);
                BreedModel plain = ModelLoader.load(spec(oracle), false, () -> null)) {
            assertThat(frozen).isInstanceOf(FrozenBreedModel.class);
            assertThat(plain).isInstanceOf(DjlBreedModel.class);
            assertThat(frozen.labels()).isEqualTo(plain.labels());
            assertThat(frozen.version()).isEqualTo(plain.version());
            assertThat(ModelLoader.maxDifference(plain, frozen)).isLessThanOrEqualTo(ModelLoader.TOLERANCE);
        }
    }

    private static ModelSpec spec(Path dir) {
        return new ModelSpec(dir.toString(), Optional.empty(), Optional.empty(), Optional.empty(), "serving_default",
                DeviceChoice.parse("cpu"), shared.resolve("cache"));
    }

    private static void assertAgree(String model, float[][] plain, float[][] frozen) {
        assertThat(frozen.length).isEqualTo(plain.length);
        double max = 0;
        for (int i = 0; i < plain.length; i++) {
            assertThat(frozen[i]).hasSameSizeAs(plain[i]);
            for (int c = 0; c < plain[i].length; c++) {
                max = Math.max(max, Math.abs((double) plain[i][c] - frozen[i][c]));
            }
        }
        log.info("{}: max |frozen - plain| = {} over {} images x {} classes", model, max, plain.length, plain[0].length);
        assertThat(max).as("%s: max |frozen - plain|", model).isLessThanOrEqualTo(ModelLoader.TOLERANCE);
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    private static float clamp(float v) {
        return Math.max(0, Math.min(255, v));
    }
}
