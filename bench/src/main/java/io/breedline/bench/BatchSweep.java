package io.breedline.bench;

import io.breedline.clients.config.Settings;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.inference.BreedModel;
import io.breedline.worker.inference.ModelLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./breedline bench sweep}: the model alone at several batch sizes, each in a fresh child JVM, so each size's
 * peak resident memory is its own (TensorFlow keeps the memory a large batch needed; a shared process would carry the
 * largest batch's memory into every later figure). The peak is the whole process's, model load included: what a
 * worker at that batch size needs, less the few hundred MiB of its queues and Kafka clients.
 */
public final class BatchSweep {
    private final String model;
    private final List<Integer> batchSizes;
    private final int images;
    private final PrintStream out;
    private final PrintStream err;

    public BatchSweep(String model, List<Integer> batchSizes, int images, PrintStream out, PrintStream err) {
        this.model = model;
        this.batchSizes = List.copyOf(batchSizes);
        this.images = images;
        this.out = out;
        this.err = err;
    }

    public int run(String commandLine) throws Exception {
        out.println("Breedline batch-size sweep, " + java.time.Instant.now());
        out.println("command: " + commandLine);
        out.println("model: " + model + ", pre-made tensors, at least " + images
                + " images per size after one untimed batch; each size in its own JVM; TensorFlow threads: "
                + System.getenv().getOrDefault(WorkerConfig.TF_INTRA_OP_THREADS, "default") + " intra-op");
        out.println("batch  images/s  ms/batch  peak RSS (MiB)");
        for (int size : batchSizes) {
            err.println("batch " + size + " ...");
            String[] result = child(size).split(" ");
            double rate = Double.parseDouble(result[0]);
            out.printf(Locale.ROOT, "%5d  %8.1f  %8.0f  %14s%n", size, rate, 1000.0 * size / rate, result[1]);
        }
        return 0;
    }

    private String child(int size) throws Exception {
        ProcessBuilder builder = ChildJvm.builder(List.of("-Xmx1g"), BatchSweep.class.getName(), List.of(model,
                Integer.toString(size), Integer.toString(images)), 0);
        Path result = Path.of(System.getProperty("java.io.tmpdir"), "breedline-sweep-" + size + ".txt");
        Files.deleteIfExists(result);
        try {
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("the batch " + size + " child failed (status "
                        + (process.isAlive() ? "still running" : process.exitValue()) + ")");
            }
            return Files.readString(result).trim();
        } finally {
            Files.deleteIfExists(result);
        }
    }

    /** Child side: args = model dir, batch size, images; writes "images/s peakRssMiB" to a temp file. */
    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[1]);
        int images = Integer.parseInt(args[2]);
        WorkerConfig config = WorkerConfig.from(Settings.fromEnvironment().with(Map.of(WorkerConfig.MODEL, args[0])));
        try (BreedModel model = ModelLoader.load(config.model().spec(), () -> null)) {
            int perImage = model.inputHeight() * model.inputWidth() * 3;
            float[] batch = new float[size * perImage];
            Random random = new Random(5);
            for (int i = 0; i < batch.length; i++) {
                batch[i] = random.nextInt(256);
            }
            model.predict(batch, size);
            int batches = Math.max(2, (images + size - 1) / size);
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                model.predict(batch, size);
            }
            double rate = (double) batches * size * 1e9 / (System.nanoTime() - start);
            Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "breedline-sweep-" + size + ".txt"),
                    String.format(Locale.ROOT, "%.3f %d", rate, Memory.peakMiB()));
        }
        System.exit(0);
    }
}
