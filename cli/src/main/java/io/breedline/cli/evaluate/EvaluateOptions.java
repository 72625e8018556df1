package io.breedline.cli.evaluate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code ./breedline evaluate} was asked to do.
 *
 * @param folder one subfolder per breed
 * @param model a SavedModel (directory, archive or s3:// URI), or empty for the built-in demo model
 * @param notDogs photos that are not dogs, for the out-of-distribution scores' AUROC
 * @param out where the report, the plots, the JSON and the results database go
 * @param calibrate fit a temperature on {@code fitFraction} of each breed's photos (split with {@code seed}) and save it
 */
public record EvaluateOptions(
        Path folder,
        Optional<String> model,
        Optional<Path> labels,
        Optional<Path> notDogs,
        Path out,
        boolean calibrate,
        double fitFraction,
        long seed,
        int maxBatchSize,
        Duration maxBatchDelay,
        Duration stallTimeout,
        String device) {

    public EvaluateOptions {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(out, "out");
        if (!(fitFraction > 0 && fitFraction < 1)) {
            throw new IllegalArgumentException("--fit-fraction must lie strictly between 0 and 1, was " + fitFraction);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, was " + maxBatchSize);
        }
    }
}
