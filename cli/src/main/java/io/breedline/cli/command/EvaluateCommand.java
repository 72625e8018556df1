package io.breedline.cli.command;

import io.breedline.cli.evaluate.EvaluateOptions;
import io.breedline.cli.evaluate.EvaluateRunner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    PipelineOptions pipeline;

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

    @Override
    public Integer call() throws Exception {
        EvaluateOptions options = new EvaluateOptions(folder, pipeline.model(), pipeline.labels(),
                Optional.ofNullable(ood), out, calibrate, fitFraction, seed, pipeline.batchSize(), pipeline.batchDelay(),
                pipeline.stallTimeout(), pipeline.device());
        new EvaluateRunner(options, System.out, System.err).run();
        return 0;
    }
}
