package io.breedline.bench.command;

import io.breedline.bench.fleet.FleetBench;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {
            "Fleet scaling on one machine: N real worker processes (one JVM each)",
            "share a consumer group on an in-process broker, serving a stand-in",
            "model that sleeps a fixed time per batch (like a GPU: no CPU). Reports",
            "throughput against N, how partitions and images spread, and the pause",
            "when a worker joins or leaves. Exit status 1 if some N stays under",
            "0.9 x N times one worker's throughput."
        })
public final class FleetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--workers", split = ",", defaultValue = "1,2,4,8",
            description = "Fleet sizes, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> workers;

    @Option(names = "--batch-time", defaultValue = "1s", converter = DurationConverter.class,
            description = "Stand-in model time per batch, e.g. 1s or 500ms (default: ${DEFAULT-VALUE}).")
    Duration batchTime;

    @Option(names = "--batch-size", defaultValue = "32", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--partitions", defaultValue = "24", description = "Partitions of the topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--steady", defaultValue = "20s", converter = DurationConverter.class,
            description = "Throughput window once all workers joined (default: ${DEFAULT-VALUE}).")
    Duration steady;

    @Option(names = "--settle", defaultValue = "15s", converter = DurationConverter.class,
            description = "How long the stream is watched after a join or a leave (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Override
    public Integer call() throws Exception {
        String commandLine = "./breedline bench fleet " + String.join(" ", spec.commandLine().getParseResult().originalArgs()
                .stream().dropWhile(a -> a.equals("bench") || a.equals("fleet")).toList());
        try {
            return new FleetBench(workers, batchTime, batchSize, partitions, steady, settle, commandLine.trim(),
                    System.out, System.err).run();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** 1s, 500ms, 2m, or ISO-8601 (PT1S). */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
            throw new IllegalArgumentException("not a duration: '" + value + "' (use 1s, 500ms, 2m)");
        }
    }
}
