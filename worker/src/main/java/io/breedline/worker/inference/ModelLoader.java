package io.breedline.worker.inference;

import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Loads the model the worker serves: the SavedModel through DJL and, when asked, its frozen form
 * ({@link FrozenBreedModel}) instead, but only after both gave the same probabilities (within {@value #TOLERANCE})
 * on probe images. A model that cannot be frozen, or whose frozen form differs, is served as loaded, with a log line
 * saying why.
 */
public final class ModelLoader {
    /** Largest |frozen - plain| probability accepted: what DJL and a plain session agree to (DjlVersusSessionIT). */
    public static final double TOLERANCE = 1e-5;

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);
    private static final int PROBE_IMAGES = 3;

    private ModelLoader() {}

    public static BreedModel load(ModelSpec spec, boolean freeze, Supplier<S3Client> s3) {
        return load(spec, freeze, 0, s3);
    }

    /**
     * As {@link #load(ModelSpec, boolean, Supplier)}, then runs one batch of {@code warmUpBatch} images: TensorFlow
     * (oneDNN) prepares its kernels for each new batch shape on first use, which costs several batches' time, so the
     * first full batch of real images would otherwise pay it.
     */
    public static BreedModel load(ModelSpec spec, boolean freeze, int warmUpBatch, Supplier<S3Client> s3) {
        BreedModel model = loadModel(spec, freeze, s3);
        if (warmUpBatch > PROBE_IMAGES) {
            long start = System.nanoTime();
            try {
                float[] grey = new float[warmUpBatch * model.inputHeight() * model.inputWidth() * 3];
                java.util.Arrays.fill(grey, 127.5f);
                model.predict(grey, warmUpBatch);
            } catch (Exception e) {
                model.close();
                throw new IllegalStateException("the model fails on a batch of " + warmUpBatch + " images: " + e, e);
            }
            log.info("Model {} warmed up for batches of {} in {} ms", model.name(), warmUpBatch,
                    (System.nanoTime() - start) / 1_000_000);
        }
        return model;
    }

    private static BreedModel loadModel(ModelSpec spec, boolean freeze, Supplier<S3Client> s3) {
        DjlBreedModel plain = DjlBreedModel.load(spec, s3);
        if (!freeze) {
            return plain;
        }
        long start = System.nanoTime();
        FrozenBreedModel frozen;
        try {
            frozen = FrozenBreedModel.freeze(plain);
        } catch (GraphFreezer.NotFreezableException e) {
            log.info("Model {} is served as loaded, not frozen: {}", plain.name(), e.getMessage());
            return plain;
        } catch (RuntimeException e) {
            log.warn("Model {} is served as loaded: freezing it failed", plain.name(), e);
            return plain;
        }
        try {
            double difference = maxDifference(plain, frozen);
            if (!(difference <= TOLERANCE)) {
                log.warn("Model {} is served as loaded: its frozen form differs by up to {} on the probe images "
                        + "(accepted: {})", plain.name(), difference, TOLERANCE);
                frozen.close();
                return plain;
            }
            log.info("Model {} frozen in {} ms (max |frozen - plain| on {} probe images: {}); {}", plain.name(),
                    (System.nanoTime() - start) / 1_000_000, PROBE_IMAGES, difference, frozen.describe());
        } catch (Exception e) {
            log.warn("Model {} is served as loaded: its frozen form fails on the probe images", plain.name(), e);
            frozen.close();
            return plain;
        }
        plain.close();
        return frozen;
    }

    /** The largest difference between two models' probabilities on the probe images. */
    static double maxDifference(BreedModel a, BreedModel b) throws Exception {
        float[] pixels = probeImages(a.inputHeight(), a.inputWidth());
        float[][] pa = a.predict(pixels, PROBE_IMAGES);
        float[][] pb = b.predict(pixels, PROBE_IMAGES);
        double max = 0;
        for (int i = 0; i < PROBE_IMAGES; i++) {
            if (pa[i].length != pb[i].length) {
                return Double.POSITIVE_INFINITY;
            }
            for (int c = 0; c < pa[i].length; c++) {
                // NaN counts as a difference, whatever the other side says.
                double d = Math.abs((double) pa[i][c] - pb[i][c]);
                max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
            }
        }
        return max;
    }

    // Noise, a colour gradient and flat grey: different enough that a wrong constant shows in the outputs.
    static float[] probeImages(int height, int width) {
        int perImage = height * width * 3;
        float[] pixels = new float[PROBE_IMAGES * perImage];
        Random random = new Random(7);
        for (int i = 0; i < perImage; i += 3) {
            int y = i / 3 / width;
            int x = i / 3 % width;
            pixels[i] = random.nextInt(256);
            pixels[i + 1] = random.nextInt(256);
            pixels[i + 2] = random.nextInt(256);
            pixels[perImage + i] = 255f * x / width;
            pixels[perImage + i + 1] = 255f * y / height;
            pixels[perImage + i + 2] = 128;
            pixels[2 * perImage + i] = 127.5f;
            pixels[2 * perImage + i + 1] = 127.5f;
            pixels[2 * perImage + i + 2] = 127.5f;
        }
        return pixels;
    }
}
