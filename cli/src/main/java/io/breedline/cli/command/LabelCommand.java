package io.breedline.cli.command;

import io.breedline.cli.local.FileOutput;
import io.breedline.cli.local.LabelOptions;
import io.breedline.cli.local.LocalRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "label", mixinStandardHelpOptions = true,
        description = {
            "Label every photo of a folder (recursive) or s3://bucket/prefix in this one JVM, which runs",
            "an embedded Kafka broker, ingest, the worker and the results sink. Prints a table and leaves",
            "the results in a SQLite file.",
            "Exit status: 0 when every image was labeled (or there was none), 3 when some could not be",
            "labeled (dead letters), 2 for a bad command or configuration, 1 for a failure."
        })
public final class LabelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "A folder or s3://bucket/prefix.")
    String source;

    @Option(names = "--model", paramLabel = "PATH",
            description = "A SavedModel: directory, .zip/.tar.gz or s3:// URI. Default: the built-in, UNTRAINED demo model.")
    String model;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels file, one per line (default: labels.txt next to the model).")
    Path labels;

    @Option(names = "--out", defaultValue = "breedline-results", paramLabel = "DIR",
            description = "Where the results database goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--output", paramLabel = "FORMAT:DIR",
            description = "Also write the results as files: parquet:DIR or jsonl:DIR (laid out as the S3 sink's objects).")
    String output;

    @Option(names = "--batch-size", defaultValue = "32", description = "Max batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-delay", defaultValue = "200", paramLabel = "MS",
            description = "Max batch delay in milliseconds (default: ${DEFAULT-VALUE}).")
    long batchDelayMs;

    @Option(names = "--top-k", defaultValue = "5", description = "Breeds kept per image (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--workers", defaultValue = "1", description = "Workers in this JVM (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the images topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--stall-timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "Give up when no image finishes for this long (default: ${DEFAULT-VALUE}).")
    long stallSeconds;

    @Option(names = "--device", defaultValue = "auto",
            description = "auto (a GPU if TensorFlow finds one), cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        LabelOptions options = new LabelOptions(source, Optional.ofNullable(model), Optional.ofNullable(labels), out,
                batchSize, Duration.ofMillis(batchDelayMs), topK, workers, partitions, Duration.ofSeconds(stallSeconds), device,
                Optional.ofNullable(output).map(FileOutput::parse));
        return new LocalRunner(options, System.out, System.err).run();
    }
}
