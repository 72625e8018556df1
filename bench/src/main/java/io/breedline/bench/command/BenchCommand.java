package io.breedline.bench.command;

import io.breedline.bench.BenchOptions;
import io.breedline.bench.Benchmark;
import io.breedline.worker.decode.DecodeMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchDecodeCommand.class, BenchInfraCommand.class, FleetCommand.class, FailoverCommand.class, LatencyCommand.class, BenchSinkCommand.class, BenchSoakCommand.class, BenchSweepCommand.class},
        description = {
            "Measure throughput on generated images (made from the sample photos): (a) the model alone on",
            "pre-made tensors; (b) the whole pipeline: the worker in its own process, Kafka,",
            "an S3 server and the SQLite sink in another; (c) decode-then-predict one image at a time, as the",
            "original app and with Breedline's model and decode. Prints a plain-text report."
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--images", defaultValue = "200", description = "Images per set (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--batch-size", defaultValue = "32", description = "Max batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--model", paramLabel = "DIR", description = "A SavedModel directory. Default: the built-in demo model.")
    String model;

    @Option(names = "--set", defaultValue = "both",
            description = "small (500x375), large (4032x3024) or both (default: ${DEFAULT-VALUE}).")
    String set;

    @Option(names = "--decode", defaultValue = "fast", description = "fast or exact (default: ${DEFAULT-VALUE}).")
    String decode;

    @Option(names = "--bf16", description = "Also compare oneDNN's BF16 math mode with fp32 (speed and deviation).")
    boolean bf16;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "R",
            description = {"Measure (b), (a) and (c) R times in turn and add the median ratios: a shared machine's",
                "speed drifts between phases of one run (default: ${DEFAULT-VALUE})."})
    int rounds;

    @Option(names = "--warm-up", defaultValue = "3072", paramLabel = "N",
            description = {"Images through (b)'s pipeline before it is timed, so the worker is warm as after hours",
                "of work: JIT-compiled, connected, TensorFlow's kernels ready (default: ${DEFAULT-VALUE})."})
    int warmUp;

    @Option(names = "--infra-nice", defaultValue = "19", paramLabel = "N",
            description = {"Niceness (0-19) of (b)'s Kafka, S3 and sink process, which a deployment keeps off the",
                "worker's node: they then use the CPU the worker leaves (default: ${DEFAULT-VALUE})."})
    int infraNice;

    @Option(names = "--samples", defaultValue = "../shared/samples", paramLabel = "DIR",
            description = "Photos the images are made from (default: ${DEFAULT-VALUE}).")
    Path samples;

    @Override
    public Integer call() throws Exception {
        List<String> sets = set.equals("both") ? List.of("small", "large") : List.of(set);
        DecodeMode mode;
        try {
            mode = DecodeMode.parse(decode);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--decode " + e.getMessage());
        }
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        // Depending on how picocli was entered, the original arguments may start with the subcommand's name.
        List<String> own = !args.isEmpty() && args.get(0).equals("bench") ? args.subList(1, args.size()) : args;
        String commandLine = "./breedline bench " + String.join(" ", own);
        BenchOptions options = new BenchOptions(images, batchSize, Optional.ofNullable(model), sets, mode,
                samples, bf16, rounds, warmUp, infraNice, commandLine.trim());
        return new Benchmark(options, System.out, System.err).run();
    }
}
