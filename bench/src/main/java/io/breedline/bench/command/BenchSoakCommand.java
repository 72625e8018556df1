package io.breedline.bench.command;

import io.breedline.bench.SoakRun;
import io.breedline.models.DemoModelCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {
            "Memory over a long run: publish a backlog of references, start a worker process as deployed",
            "(breedline worker), and sample its resident memory, committed heap and the memory outside the heap",
            "until it has labeled --images of them; a class histogram at warm-up and at the end shows the live heap."
        })
public final class BenchSoakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--refs", defaultValue = "100000", description = "References in the backlog (default: ${DEFAULT-VALUE}).")
    int refs;

    @Option(names = "--images", defaultValue = "20000", description = "Predictions to wait for (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--batch-size", defaultValue = "32", description = "Max batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--decode", defaultValue = "fast", description = "fast or exact (default: ${DEFAULT-VALUE}).")
    String decode;

    @Option(names = "--sample-every", defaultValue = "PT30S", description = "RSS sampling period, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration sampleEvery;

    @Option(names = "--model", paramLabel = "DIR", description = "A SavedModel directory. Default: the built-in demo model.")
    String model;

    @Option(names = "--samples", defaultValue = "../shared/samples", paramLabel = "DIR",
            description = "Photos the images are made from (default: ${DEFAULT-VALUE}).")
    Path samples;

    @Override
    public Integer call() throws Exception {
        String modelDir = model != null ? model : DemoModelCache.ensureBuilt(System.err).toString();
        String commandLine = BenchCommandLines.of("soak", spec);
        SoakRun.Options options = new SoakRun.Options(refs, images, batchSize, decode, sampleEvery, samples, Map.of(),
                commandLine);
        return new SoakRun(options, modelDir, System.out, System.err).run();
    }
}
