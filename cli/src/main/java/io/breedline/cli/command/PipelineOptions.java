package io.breedline.cli.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of the commands that run the pipeline in this JVM ({@code label}, {@code evaluate}): written once. */
public final class PipelineOptions {
    @Option(names = "--model", paramLabel = "PATH",
            description = "A SavedModel (directory, .zip/.tar.gz or s3:// URI) or a Keras .h5/.keras file. "
                    + "Default: the built-in, UNTRAINED demo model.")
    String model;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels file, one per line (default: labels.txt next to the model).")
    Path labels;

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

    Optional<String> model() {
        return Optional.ofNullable(model);
    }

    Optional<Path> labels() {
        return Optional.ofNullable(labels);
    }

    int batchSize() {
        return batchSize;
    }

    Duration batchDelay() {
        return Duration.ofMillis(batchDelayMs);
    }

    Duration stallTimeout() {
        return Duration.ofSeconds(stallSeconds);
    }

    String device() {
        return device;
    }
}
