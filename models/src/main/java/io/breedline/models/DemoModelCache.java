package io.breedline.models;

import io.breedline.models.EfficientNetB3Model;
import io.breedline.tensorflow.TensorFlowRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The built-in demo model: the EfficientNetB3 architecture with random weights, built once and cached. Its labels
 * are meaningless; it exists so that the pipeline runs end to end, at the real model's cost, without trained weights.
 */
public final class DemoModelCache {
    public static final long SEED = 42L;

    private DemoModelCache() {}

    public static Path ensureBuilt(PrintStream err) {
        // The graph revision is in the name, so a demo model cached before the builder changed is built again.
        Path dir = TensorFlowRuntime.cacheDir().resolve("models")
                .resolve("efficientnetb3-demo-r" + EfficientNetB3Model.GRAPH_REVISION + "-seed" + SEED);
        if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            return dir;
        }
        err.println("breedline: building the demo model once into " + dir + " ...");
        try {
            Files.createDirectories(dir.getParent());
            // Build beside the final place and move it in, so an interrupted build never looks finished.
            Path tmp = Files.createTempDirectory(dir.getParent(), "build-");
            Path built = EfficientNetB3Model.build(tmp.resolve("model"), SEED);
            Files.move(built, dir, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(tmp);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the demo model in " + dir, e);
        }
    }

    public static void warn(PrintStream err) {
        err.println();
        err.println("  *************************************************************************************");
        err.println("  WARNING: no --model given: using Breedline's built-in DEMO model.");
        err.println("  It has the EfficientNetB3 architecture but RANDOM, UNTRAINED weights.");
        err.println("  ITS LABELS MEAN NOTHING. Pass --model DIR with your exported SavedModel for real labels.");
        err.println("  *************************************************************************************");
        err.println();
    }
}
