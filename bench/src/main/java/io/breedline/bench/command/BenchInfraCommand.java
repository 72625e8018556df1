package io.breedline.bench.command;

import io.breedline.bench.BenchInfra;
import io.breedline.service.Main;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The servers of {@code ./breedline bench}'s pipeline run, in a process of their own; started by the benchmark. */
@Command(name = "infra", hidden = true, description = "Kafka, S3 and the SQLite sink for a benchmark run, until stdin closes.")
public final class BenchInfraCommand implements Callable<Integer> {
    /** The benchmark starts this process by class name (the bench module cannot name cli's Main). */
    public static void main(String[] args) {
        System.exit(Main.execute(new CommandLine(new BenchInfraCommand()), args));
    }

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
