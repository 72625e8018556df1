package io.breedline.cli.command;

import io.breedline.cli.evaluate.EvaluateOptions;
import io.breedline.cli.evaluate.EvaluateRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "How good is the model on your photos: runs a folder with one subfolder per breed through the "
                + "pipeline (as label does) and writes an HTML report with plots, and the same numbers as JSON. "
                + "See docs/evaluation.md.")
public final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FOLDER",
            description = "One subfolder per breed, named as Stanford Dogs (n02085620-Chihuahua) or as the label.")
    Path folder;

    @Option(names = "--model", paramLabel = "PATH",
            description = "A SavedModel: directory, .zip/.tar.gz or s3:// URI. Default: the built-in, UNTRAINED demo model.")
    String model;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels file, one per line (default: labels.txt next to the model).")
    Path labels;

    @Option(names = "--ood", paramLabel = "FOLDER",
            description = "Photos that are not dogs: the report gives each not-a-dog score's AUROC and FPR at 95%% TPR.")
    Path ood;

    @Option(names = "--out", defaultValue = "breedline-evaluation", paramLabel = "DIR",
            description = "Where the report, plots, JSON and results database go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--calibrate",
            description = "Fit a temperature on part of each breed's photos, report the rest before and after, and save it "
                    + "(with the not-a-dog threshold) for this model version.")
    boolean calibrate;

    @Option(names = "--fit-fraction", defaultValue = "0.5",
            description = "Share of each breed's photos the temperature is fitted on (default: ${DEFAULT-VALUE}).")
    double fitFraction;

    @Option(names = "--seed", defaultValue = "15", description = "Seed of the fit/test split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch-size", defaultValue = "32", description = "Max batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-delay", defaultValue = "200", paramLabel = "MS",
            description = "Max batch delay in milliseconds (default: ${DEFAULT-VALUE}).")
    long batchDelayMs;

    @Option(names = "--stall-timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "Give up when no photo finishes for this long (default: ${DEFAULT-VALUE}).")
    long stallSeconds;

    @Option(names = "--device", defaultValue = "auto",
            description = "auto (a GPU if TensorFlow finds one), cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        EvaluateOptions options = new EvaluateOptions(folder, Optional.ofNullable(model), Optional.ofNullable(labels),
                Optional.ofNullable(ood), out, calibrate, fitFraction, seed, batchSize, Duration.ofMillis(batchDelayMs),
                Duration.ofSeconds(stallSeconds), device);
        new EvaluateRunner(options, System.out, System.err).run();
        return 0;
    }
}
