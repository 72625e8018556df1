package io.breedline.bench.command;

import io.breedline.bench.BatchSweep;
import io.breedline.models.DemoModelCache;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "The model alone at several batch sizes: images/s and peak memory, each size in its own JVM.")
public final class BenchSweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,4,8,16,32,64",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--images", defaultValue = "192", description = "Images per size, at least (default: ${DEFAULT-VALUE}).")
    int images;


    @Option(names = "--model", paramLabel = "DIR", description = "A SavedModel directory. Default: the built-in demo model.")
    String model;

    @Override
    public Integer call() throws Exception {
        for (int size : batchSizes) {
            if (size < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch-sizes must be positive, had " + size);
            }
        }
        String modelDir = model != null ? model : DemoModelCache.ensureBuilt(System.err).toString();
        return new BatchSweep(modelDir, batchSizes, images, System.out, System.err)
                .run(BenchCommandLines.of("sweep", spec));
    }
}
