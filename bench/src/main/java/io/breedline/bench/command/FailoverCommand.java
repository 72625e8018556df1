package io.breedline.bench.command;

import io.breedline.bench.fleet.FailoverBench;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {
            "Measure how long a killed worker's share of the work stands still. Two real worker processes (one JVM",
            "each, serving a stand-in model that sleeps a fixed time per batch) work through a backlog on an",
            "in-process broker; one of them is killed with SIGKILL again and again, and the time from the kill to",
            "the first prediction for an image of its partitions is printed: with a replacement under the same",
            "worker id, and with none. The sink cases kill one of two results sinks instead and time the first row",
            "written for its partitions. Exit status 1 if some kill took more than 10 seconds."
        })
public final class FailoverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cases", split = ",", defaultValue = "replaced,not-replaced",
            description = "Which cases to measure: replaced, not-replaced, sink-replaced, sink-not-replaced "
                    + "(default: ${DEFAULT-VALUE}).")
    java.util.List<String> cases;

    @Option(names = "--kills", defaultValue = "4", description = "Kills for each of the two cases (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--batch-time", defaultValue = "1s", converter = FleetCommand.DurationConverter.class,
            description = "Stand-in model time per batch, e.g. 1s or 500ms (default: ${DEFAULT-VALUE}).")
    Duration batchTime;

    @Option(names = "--batch-size", defaultValue = "32", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "A BREEDLINE_* setting for the workers (and sinks), e.g. "
            + "BREEDLINE_KAFKA_SESSION_TIMEOUT_MS=45000 to measure Kafka's default session; may be repeated.")
    Map<String, String> env = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        String commandLine = "./breedline bench failover " + String.join(" ", spec.commandLine().getParseResult()
                .originalArgs().stream().dropWhile(a -> a.equals("bench") || a.equals("failover")).toList());
        try {
            return new FailoverBench(cases, kills, batchTime, batchSize, partitions, env, commandLine.trim(), System.out,
                    System.err).run();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
