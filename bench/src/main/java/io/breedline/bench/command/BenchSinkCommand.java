package io.breedline.bench.command;

import io.breedline.bench.SinkFormatBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "The results sink's object writer in JSON Lines and in Parquet, interleaved: rows/s, CPU and bytes per prediction.")
public final class BenchSinkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--records", defaultValue = "200000", description = "Predictions written per format and round (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--window", defaultValue = "1000", description = "Offsets per object, as BREEDLINE_SINK_S3_FLUSH_RECORDS (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds; formats alternate in each (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--labels", defaultValue = "../shared/samples/breeds.txt", paramLabel = "FILE",
            description = "Breed names for the generated predictions (default: ${DEFAULT-VALUE}).")
    Path labels;

    @Override
    public Integer call() throws Exception {
        if (records < 1 || window < 1 || rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--records, --window and --rounds must be positive");
        }
        if (!Files.isRegularFile(labels)) {
            throw new ParameterException(spec.commandLine(), "--labels: no file at " + labels.toAbsolutePath());
        }
        List<String> breeds = Files.readAllLines(labels).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new SinkFormatBench(records, window, rounds, breeds, System.out).run();
    }
}
