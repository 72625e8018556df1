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
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * DJL's TensorFlow engine against a plain TensorFlow session on the same SavedModel and the same input tensors: the
 * worker must get exactly what TensorFlow computes (same signature, same tensors, same batch order), so every
 * probability has to agree within 1e-5.
 */
class DjlVersusSessionIT {
    private static final Logger log = LoggerFactory.getLogger(DjlVersusSessionIT.class);
    private static final int SIZE = 256;
    private static final int PER_IMAGE = SIZE * SIZE * 3;
    private static final double TOLERANCE = 1e-5;

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
    void efficientNetB3GivesWhatASessionGives() {
        float[] pixels = threeDifferentImages(new Random(3));
        float[][] djl = djl(efficientNet, pixels, 3);
        float[][] session = session(efficientNet, pixels, 3);
        assertAgree("efficientnetb3", djl, session);
        // The demo model's output is close to uniform; make sure the three images still got answers further apart than
        // the tolerance, so agreement means the right row for the right image, not just "about 1/120 everywhere".
        double between = Math.min(Math.min(maxAbsDifference(session[0], session[1]),
                maxAbsDifference(session[1], session[2])), maxAbsDifference(session[0], session[2]));
        log.info("efficientnetb3: the images' outputs differ from each other by at least {}", between);
        assertThat(between).isGreaterThan(10 * TOLERANCE);
    }

    @Test
    void theOracleGivesWhatASessionGives() {
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
        float[][] djl = djl(oracle, pixels, n);
        float[][] session = session(oracle, pixels, n);
        assertAgree("oracle", djl, session);
        for (int k = 0; k < n; k++) {
            assertThat(argMax(djl[k])).as("class of image %d", k).isEqualTo(k);
        }
    }

    private static void assertAgree(String model, float[][] djl, float[][] session) {
        assertThat(djl.length).isEqualTo(session.length);
        for (int i = 0; i < djl.length; i++) {
            assertThat(djl[i]).as("%s image %d width", model, i).hasSameSizeAs(session[i]);
        }
        double max = maxAbsDifference(djl, session);
        log.info("DJL versus a direct TensorFlow session, {} ({} images x {} classes): max |difference| = {}",
                model, djl.length, djl[0].length, max);
        assertThat(max).as("%s: max |DJL - session|", model).isLessThanOrEqualTo(TOLERANCE);
    }

    private static float[][] djl(Path dir, float[] pixels, int n) {
        ModelSpec spec = new ModelSpec(dir.toString(), Optional.empty(), Optional.empty(), Optional.empty(),
                "serving_default", DeviceChoice.parse("cpu"), shared.resolve("cache"));
        try (DjlBreedModel model = DjlBreedModel.load(spec, () -> null)) {
            return model.predict(pixels, n);
        }
    }

    // The tensor names come from the signature, as TensorFlow Serving does it; DJL is not involved past loading natives.
    private static float[][] session(Path dir, float[] pixels, int n) {
        try (SavedModelBundle bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").load()) {
            SignatureDef signature = bundle.metaGraphDef().getSignatureDefMap().get("serving_default");
            String input = signature.getInputsMap().values().iterator().next().getName();
            String output = signature.getOutputsMap().values().iterator().next().getName();
            try (TFloat32 images = TFloat32.tensorOf(Shape.of(n, SIZE, SIZE, 3), DataBuffers.of(pixels, true, false));
                    Result result = bundle.session().runner().feed(input, images).fetch(output).run()) {
                TFloat32 probabilities = (TFloat32) result.get(0);
                assertThat(probabilities.shape().numDimensions()).isEqualTo(2);
                int classes = (int) probabilities.shape().get(1);
                float[] flat = new float[n * classes];
                probabilities.copyTo(DataBuffers.of(flat, false, false));
                float[][] rows = new float[n][classes];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(flat, i * classes, rows[i], 0, classes);
                }
                return rows;
            }
        }
    }

    // Uniform noise, a warm gradient and a dark blue one with noise: inputs as unlike each other as images get.
    private static float[] threeDifferentImages(Random random) {
        float[] pixels = new float[3 * PER_IMAGE];
        for (int i = 0; i < PER_IMAGE; i += 3) {
            int y = i / 3 / SIZE;
            int x = i / 3 % SIZE;
            pixels[i] = random.nextInt(256);
            pixels[i + 1] = random.nextInt(256);
            pixels[i + 2] = random.nextInt(256);
            pixels[PER_IMAGE + i] = 255;
            pixels[PER_IMAGE + i + 1] = x;
            pixels[PER_IMAGE + i + 2] = y / 4f;
            pixels[2 * PER_IMAGE + i] = 0;
            pixels[2 * PER_IMAGE + i + 1] = clamp(10 + (float) random.nextGaussian() * 10);
            pixels[2 * PER_IMAGE + i + 2] = 255 - y;
        }
        return pixels;
    }

    private static double maxAbsDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, maxAbsDifference(a[i], b[i]));
        }
        return max;
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int c = 0; c < a.length; c++) {
            max = Math.max(max, Math.abs((double) a[c] - b[c]));
        }
        return max;
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
