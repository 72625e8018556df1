package io.breedline.cli.command;

import io.breedline.cli.local.FileOutput;
import io.breedline.cli.local.LabelOptions;
import io.breedline.cli.local.LocalRunner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--out", defaultValue = "breedline-results", paramLabel = "DIR",
            description = "Where the results database goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--output", paramLabel = "FORMAT:DIR",
            description = "Also write the results as files: parquet:DIR or jsonl:DIR (laid out as the S3 sink's objects).")
    String output;

    @Option(names = "--top-k", defaultValue = "5", description = "Breeds kept per image (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--workers", defaultValue = "1", description = "Workers in this JVM (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the images topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = {"-v", "--verbose"}, description = "Log on standard error as the services do (default: into "
            + "label.log in the --out folder, errors also here).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        LabelOptions options = new LabelOptions(source, pipeline.model(), pipeline.labels(), out, pipeline.batchSize(),
                pipeline.batchDelay(), topK, workers, partitions, pipeline.stallTimeout(), pipeline.device(),
                Optional.ofNullable(output).map(FileOutput::parse), verbose);
        return new LocalRunner(options, System.out, System.err).run();
    }
}
