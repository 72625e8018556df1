package io.breedline.cli.command;

import io.breedline.cli.bench.BenchInfra;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The servers of {@code ./breedline bench}'s pipeline run, in a process of their own; started by the benchmark. */
@Command(name = "infra", hidden = true, description = "Kafka, S3 and the SQLite sink for a benchmark run, until stdin closes.")
public final class BenchInfraCommand implements Callable<Integer> {
    @Option(names = "--work", required = true)
    Path work;

    @Option(names = "--sqlite", required = true)
    Path sqlite;

    @Option(names = "--partitions", defaultValue = "4")
    int partitions;

    @Override
    public Integer call() throws Exception {
        return BenchInfra.serve(work, sqlite, partitions, System.in, System.out);
    }
}
