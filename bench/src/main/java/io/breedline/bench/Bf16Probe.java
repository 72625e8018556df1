package io.breedline.bench;

import io.breedline.clients.config.Settings;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.inference.BreedModel;
import io.breedline.worker.inference.ModelLoader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * oneDNN's bf16 math mode against fp32 on the same model and inputs. oneDNN reads {@code ONEDNN_DEFAULT_FPMATH_MODE}
 * once, when the process starts, so each mode runs in a child JVM ({@link #main}); this side compares what they wrote.
 */
final class Bf16Probe {
    static final String ENV = "ONEDNN_DEFAULT_FPMATH_MODE";
    private static final int IMAGES = 8;
    // Timed images per mode, after one untimed batch: a few seconds, so the two rates are comparable.
    private static final int TIMED_IMAGES = 320;

    /** What one mode gave. */
    record ModeRun(String mode, double imagesPerSecond, float[][] probabilities) {}

    /**
     * Both modes and their differences: the largest absolute one, and the largest relative to the fp32 probability
     * (|bf16 - fp32| / fp32), which still means something when a model's outputs are all small, as an untrained one's
     * are.
     */
    record Comparison(ModeRun fp32, ModeRun bf16, double maxAbsDifference, double maxRelativeDifference,
            double topClassAgreement) {}

    private Bf16Probe() {}

    static Comparison compare(String model, int batchSize, Path work) throws Exception {
        ModeRun fp32 = child(model, batchSize, null, work.resolve("fp32.bin"));
        ModeRun bf16 = child(model, batchSize, "BF16", work.resolve("bf16.bin"));
        double max = 0;
        double maxRelative = 0;
        int agree = 0;
        for (int i = 0; i < IMAGES; i++) {
            for (int c = 0; c < fp32.probabilities()[i].length; c++) {
                double reference = fp32.probabilities()[i][c];
                double difference = Math.abs(reference - bf16.probabilities()[i][c]);
                max = Math.max(max, difference);
                if (reference > 0) {
                    maxRelative = Math.max(maxRelative, difference / reference);
                }
            }
            agree += argMax(fp32.probabilities()[i]) == argMax(bf16.probabilities()[i]) ? 1 : 0;
        }
        return new Comparison(fp32, bf16, max, maxRelative, agree / (double) IMAGES);
    }

    private static ModeRun child(String model, int batchSize, String mode, Path out) throws Exception {
        // Logs may go to either stream: the child's results go to files.
        ProcessBuilder builder = ChildJvm.builder(List.of("-Xmx1g"), Bf16Probe.class.getName(), List.of(model,
                Integer.toString(batchSize), out.toString()), 0).redirectErrorStream(true);
        if (mode == null) {
            builder.environment().remove(ENV);
        } else {
            builder.environment().put(ENV, mode);
        }
        Process process = builder.start();
        String stdout;
        try (InputStream in = process.getInputStream()) {
            stdout = new String(in.readAllBytes()).trim();
        }
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            String tail = stdout.length() > 2000 ? stdout.substring(stdout.length() - 2000) : stdout;
            throw new IllegalStateException("the " + (mode == null ? "fp32" : mode) + " child failed: " + tail);
        }
        double rate = Double.parseDouble(Files.readString(rateFile(out)).trim());
        return new ModeRun(mode == null ? "fp32" : mode, rate, read(out));
    }

    private static Path rateFile(Path probabilities) {
        return probabilities.resolveSibling(probabilities.getFileName() + ".rate");
    }

    /** Child side: args = model dir, batch size, output file (probabilities; images/s next to it). */
    public static void main(String[] args) throws Exception {
        int batchSize = Integer.parseInt(args[1]);
        WorkerConfig config = WorkerConfig.from(Settings.fromEnvironment().with(Map.of(WorkerConfig.MODEL, args[0])));
        try (BreedModel model = ModelLoader.load(config.model().spec(), () -> null)) {
            int perImage = model.inputHeight() * model.inputWidth() * 3;
            float[] probe = new float[IMAGES * perImage];
            Random random = new Random(17);
            for (int i = 0; i < probe.length; i++) {
                // Half noise, half smooth ramps: inputs unlike each other.
                probe[i] = i < probe.length / 2 ? random.nextInt(256) : (i % 1021) / 4f;
            }
            write(model.predict(probe, IMAGES), Path.of(args[2]));
            float[] batch = new float[batchSize * perImage];
            for (int i = 0; i < batchSize; i++) {
                System.arraycopy(probe, (i % IMAGES) * perImage, batch, i * perImage, perImage);
            }
            model.predict(batch, batchSize);
            int batches = Math.max(3, (TIMED_IMAGES + batchSize - 1) / batchSize);
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                model.predict(batch, batchSize);
            }
            double rate = (double) batches * batchSize * 1e9 / (System.nanoTime() - start);
            Files.writeString(rateFile(Path.of(args[2])), String.format(Locale.ROOT, "%.3f", rate));
        }
        System.exit(0);
    }

    private static void write(float[][] rows, Path file) throws IOException {
        try (OutputStream o = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(o)) {
            out.writeInt(rows.length);
            out.writeInt(rows[0].length);
            for (float[] row : rows) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
        }
    }

    private static float[][] read(Path file) throws IOException {
        try (InputStream i = Files.newInputStream(file); DataInputStream in = new DataInputStream(i)) {
            float[][] rows = new float[in.readInt()][in.readInt()];
            for (float[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = in.readFloat();
                }
            }
            return rows;
        }
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
