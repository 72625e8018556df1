package io.breedline.cli.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code ./breedline label} was asked to do.
 *
 * @param source a folder or {@code s3://bucket/prefix}
 * @param model a SavedModel (directory, archive or s3:// URI), or empty for the built-in demo model
 * @param labels a labels file overriding the one next to the model
 * @param outDir where the SQLite results file goes
 * @param workers worker instances in this JVM (one consumer group)
 * @param partitions partitions of the images topic
 * @param stallTimeout give up when no image has finished for this long
 * @param device {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param files the results also as Parquet or JSON Lines files ({@code --output}), or empty
 * @param verbose log on standard error as the services do ({@code --verbose}); otherwise into {@value LogFile#NAME}
 *     in {@code outDir}, errors also on standard error
 */
public record LabelOptions(
        String source,
        Optional<String> model,
        Optional<Path> labels,
        Path outDir,
        int maxBatchSize,
        Duration maxBatchDelay,
        int topK,
        int workers,
        int partitions,
        Duration stallTimeout,
        String device,
        Optional<FileOutput> files,
        boolean verbose) {

    /** Without files: the results in the SQLite database only; logs into the file. */
    public LabelOptions(String source, Optional<String> model, Optional<Path> labels, Path outDir, int maxBatchSize,
            Duration maxBatchDelay, int topK, int workers, int partitions, Duration stallTimeout, String device) {
        this(source, model, labels, outDir, maxBatchSize, maxBatchDelay, topK, workers, partitions, stallTimeout, device,
                Optional.empty());
    }

    /** Logs into the file. */
    public LabelOptions(String source, Optional<String> model, Optional<Path> labels, Path outDir, int maxBatchSize,
            Duration maxBatchDelay, int topK, int workers, int partitions, Duration stallTimeout, String device,
            Optional<FileOutput> files) {
        this(source, model, labels, outDir, maxBatchSize, maxBatchDelay, topK, workers, partitions, stallTimeout, device,
                files, false);
    }

    public LabelOptions {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(files, "files");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, was " + maxBatchSize);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("--top-k must be at least 1, was " + topK);
        }
        if (workers < 1 || workers > partitions) {
            throw new IllegalArgumentException("--workers must be between 1 and --partitions (" + partitions + "), was " + workers);
        }
    }
}
