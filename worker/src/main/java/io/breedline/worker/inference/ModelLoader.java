package io.breedline.worker.inference;

import java.util.Arrays;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Loads the model the worker serves: prepares it ({@link io.breedline.worker.prepare.ModelPreparer}: unpacked,
 * downloaded or imported into the cache once per version) and loads that one SavedModel through DJL
 * ({@link DjlBreedModel}). There is no second serving path: see docs/design/model-preparation.md.
 */
public final class ModelLoader {
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);
    // DjlBreedModel's own warm-up runs a batch of two; smaller batches than this are already prepared for.
    private static final int WARMED_UP = 2;

    private ModelLoader() {}

    public static BreedModel load(ModelSpec spec, Supplier<S3Client> s3) {
        return load(spec, 0, s3);
    }

    /**
     * As {@link #load(ModelSpec, Supplier)}, then runs one batch of {@code warmUpBatch} images: TensorFlow (oneDNN)
     * prepares its kernels for each new batch shape on first use, which costs several batches' time, so the first
     * full batch of real images would otherwise pay it.
     */
    public static BreedModel load(ModelSpec spec, int warmUpBatch, Supplier<S3Client> s3) {
        BreedModel model = DjlBreedModel.load(spec, s3);
        if (warmUpBatch > WARMED_UP) {
            long start = System.nanoTime();
            try {
                float[] grey = new float[warmUpBatch * model.inputHeight() * model.inputWidth() * 3];
                Arrays.fill(grey, 127.5f);
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
}
