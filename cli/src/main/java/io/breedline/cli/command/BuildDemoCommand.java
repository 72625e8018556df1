package io.breedline.cli.command;

import io.breedline.models.EfficientNetB3Model;
import io.breedline.models.EfficientNetVariant;
import io.breedline.models.KerasModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./breedline model build-demo}: attached under the service's {@code model} command by cli's Main. */
@Command(name = "build-demo", mixinStandardHelpOptions = true,
        description = {
            "Build the original Keras project's network (EfficientNetB3 backbone, GlobalAveragePooling2D,",
            "Dense(120), softmax) as a SavedModel with RANDOM weights: the demo and benchmark model.",
            "Its compute cost equals the trained model's; its labels mean nothing."
        })
public final class BuildDemoCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the SavedModel to.")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed for the weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--if-missing", description = "Do nothing when DIR already holds a SavedModel.")
    boolean ifMissing;

    @Option(names = "--keras", paramLabel = "DIR",
            description = {"Instead: write the same network (seeded weights) both as a SavedModel (DIR/savedmodel)",
                "and as the .h5 Keras 2.9 would save for it (DIR/efficientnetb3.h5), for `model import` and",
                "`--model FILE.h5`. Needs python3 with h5py (Debian: python3-h5py)."})
    Path keras;

    @Override
    public Integer call() {
        if (keras != null) {
            long start = System.nanoTime();
            KerasModelFiles.Written written = KerasModelFiles.efficientNet(keras, EfficientNetVariant.B3, seed,
                    EfficientNetB3Model.breeds());
            System.out.printf("Wrote %s and %s (backbone %,d + head %,d parameters) in %.1f s%n",
                    written.kerasFile(), written.savedModel(), written.backboneParameters(),
                    written.headParameters(), (System.nanoTime() - start) / 1e9);
            return 0;
        }
        if (ifMissing && Files.isRegularFile(out.resolve("saved_model.pb"))) {
            System.out.println("Model already present in " + out);
            return 0;
        }
        long start = System.nanoTime();
        Path dir = EfficientNetB3Model.build(out, seed);
        System.out.printf("Built the EfficientNetB3 demo model (seed %d) in %s in %.1f s%n", seed, dir,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
