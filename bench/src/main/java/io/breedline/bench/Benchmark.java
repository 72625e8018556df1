package io.breedline.bench;

import io.breedline.clients.config.Settings;
import io.breedline.models.DemoModelCache;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.decode.DecodeMode;
import io.breedline.worker.inference.BreedModel;
import io.breedline.worker.inference.ModelLoader;
import io.breedline.worker.inference.ModelSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./breedline bench}: on the same images and model, in one run, (a) the model alone on pre-made tensors, as the
 * worker serves it; (b) the whole pipeline, the worker in its own process; (c) the naive loop as the original app ran
 * it (every photo decoded whole, one image at a time), and the same loop with Breedline's decode path; plus single-thread decode speed, exact and fast. Progress goes to stderr, the report (plain
 * text, for BENCHMARKS.md) to stdout.
 */
public final class Benchmark {
    private static final long DECODE_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(15);
    // Distinct images behind the ceiling's tensors: the sample photos, plain and mirrored.
    private static final int DISTINCT_TENSORS = 8;
    // Distinct photos behind the warm-up pass's references (cycled under distinct keys).
    private static final int WARM_UP_DISTINCT = 64;

    private final BenchOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private String loadAtStart = "unknown";

    public Benchmark(BenchOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public int run() throws Exception {
        String model = options.model().orElseGet(() -> DemoModelCache.ensureBuilt(err).toString());
        loadAtStart = CpuInfo.loadAverage();
        Path work = Files.createTempDirectory("breedline-bench");
        try {
            List<BenchImages.ImageSet> sets = new ArrayList<>();
            for (String name : options.sets()) {
                boolean large = name.equals("large");
                err.println("Making " + options.images() + " " + name + " JPEGs from " + options.samples() + " ...");
                sets.add(BenchImages.generate(name, options.samples(), work.resolve("images-" + name),
                        options.images(), large ? 4032 : 500, large ? 3024 : 375));
            }
            Map<String, String> overrides = new HashMap<>();
            overrides.put(WorkerConfig.MODEL, model);
            overrides.put(WorkerConfig.MAX_BATCH_SIZE, Integer.toString(options.batchSize()));
            overrides.put(WorkerConfig.DECODE_MODE, options.decode().toString());
            WorkerConfig config = WorkerConfig.from(Settings.fromEnvironment().with(overrides));

            // The warm-up pass's photos: small ones for every set, since what it warms (the JIT, connections,
            // TensorFlow's kernels for the batch shapes) does not depend on the photos' size.
            List<Path> warmUp = BenchImages.generate("warm-up", options.samples(), work.resolve("images-warm-up"),
                    WARM_UP_DISTINCT, 500, 375).files();
            printHeader(model, config);
            List<Map<String, Report>> rounds = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                Map<String, Report> reports = measureRound(sets, overrides, config, warmUp, work);
                rounds.add(reports);
                if (options.rounds() > 1) {
                    out.println();
                    out.println("-- round " + round + " of " + options.rounds());
                }
                reports.values().forEach(r -> printSet(config, r));
                out.flush();
            }
            if (options.rounds() > 1) {
                printMedians(sets, rounds);
            }
            if (options.bf16()) {
                err.println("oneDNN bf16 against fp32, in two child JVMs ...");
                printBf16(Bf16Probe.compare(model, options.batchSize(), work));
            }
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    // One round: (b) on every set, then (a) and (c) on every set, then decoding alone.
    private Map<String, Report> measureRound(List<BenchImages.ImageSet> sets, Map<String, String> overrides,
            WorkerConfig config, List<Path> warmUp, Path work) throws Exception {
        Map<String, Report> reports = new LinkedHashMap<>();
        for (BenchImages.ImageSet set : sets) {
            err.println("(b) pipeline on the " + set.name() + " set ...");
            reports.put(set.name(), new Report(set, PipelineRun.run(set, overrides, work, options.infraNice(), warmUp,
                    options.warmUp())));
        }
        measureModel(config.model().spec(), config.batching().modelStreams(), sets, reports);
        for (BenchImages.ImageSet set : sets) {
            err.println("decode speed on the " + set.name() + " set ...");
            Report r = reports.get(set.name());
            List<byte[]> bytes = new ArrayList<>();
            for (Path file : set.files().subList(0, Math.min(DISTINCT_TENSORS, set.files().size()))) {
                bytes.add(Files.readAllBytes(file));
            }
            r.decodeExact = ModelRuns.decode(bytes, options.images(), DecodeMode.EXACT, 256, 256, DECODE_BUDGET_NANOS);
            r.decodeFast = ModelRuns.decode(bytes, options.images(), DecodeMode.FAST, 256, 256, DECODE_BUDGET_NANOS);
        }
        return reports;
    }

    // Across rounds the machine's speed drifts (a shared host); the median of each ratio is the figure to quote.
    private void printMedians(List<BenchImages.ImageSet> sets, List<Map<String, Report>> rounds) {
        out.println();
        out.println("== medians over " + rounds.size() + " rounds (min-max)");
        for (BenchImages.ImageSet set : sets) {
            List<Report> rs = rounds.stream().map(m -> m.get(set.name())).toList();
            out.printf(Locale.ROOT, "%s: (b)/(a) %s    (b)/(c) %s    (b)/(c') %s    (b) %s images/s    (a) %s images/s%n",
                    set.name(), spread(rs.stream().map(r -> r.pipeline.perSecond() / r.ceiling.perSecond()).toList()),
                    spread(rs.stream().map(r -> r.pipeline.perSecond() / r.naive.perSecond()).toList()),
                    spread(rs.stream().map(r -> r.pipeline.perSecond() / r.naiveServed.perSecond()).toList()),
                    spread1(rs.stream().map(r -> r.pipeline.perSecond()).toList()),
                    spread1(rs.stream().map(r -> r.ceiling.perSecond()).toList()));
        }
    }

    private static String spread(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median(sorted), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static String spread1(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", median(sorted), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    // (a) the model with the worker's model streams (and with one, for comparison); (c) the original app's loop, and
    // the same loop with the pipeline's configured decode path.
    private void measureModel(ModelSpec spec, int streams, List<BenchImages.ImageSet> sets,
            Map<String, Report> reports) throws Exception {
        err.println("(a) model alone ...");
        try (BreedModel model = ModelLoader.load(spec, () -> {
            throw new IllegalStateException("the benchmark reads models from local folders only");
        })) {
            for (BenchImages.ImageSet set : sets) {
                Report r = reports.get(set.name());
                List<float[]> tensors = ModelRuns.tensors(set.files(), DISTINCT_TENSORS, model.inputHeight(),
                        model.inputWidth());
                ModelRuns.Rate rate = ModelRuns.ceiling(model, tensors, options.images(), options.batchSize(), streams);
                r.ceiling = rate;
                r.ceilingOneStream = streams == 1 ? rate
                        : ModelRuns.ceiling(model, tensors, options.images(), options.batchSize(), 1);
                r.modelDescription = model.describe();
                err.println("(c) naive loop, as the original app, on the " + set.name() + " set ...");
                r.naive = ModelRuns.naive(model, set.files(), DecodeMode.EXACT);
                err.println("(c') naive loop with Breedline's decode on the " + set.name() + " set ...");
                r.naiveServed = ModelRuns.naive(model, set.files(), options.decode());
            }
        }
    }

    private void printHeader(String model, WorkerConfig config) {
        out.println("Breedline benchmark, " + Instant.now());
        out.println("command: " + options.commandLine());
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MiB; ONEDNN_DEFAULT_FPMATH_MODE=" + System.getenv().getOrDefault("ONEDNN_DEFAULT_FPMATH_MODE", "(unset)"));
        out.println("cpu: " + CpuInfo.describe());
        out.println("machine load (1-minute average): " + loadAtStart + " at the start");
        out.println("model: " + model);
        WorkerConfig.Batching batching = config.batching();
        out.println("worker: batch " + batching.maxBatchSize() + ", delay " + batching.maxBatchDelay().toMillis() + " ms, "
                + config.intake().decodeThreads() + " decode threads, " + config.intake().fetchThreads()
                + " fetch threads, in flight " + batching.maxInFlight() + ", decode " + options.decode() + ", TensorFlow " + config.model().spec().threads() + ", " + batching.modelStreams()
                + " model stream(s); (b) warmed up with "
                + options.warmUp() + " images first");
    }

    private void printSet(WorkerConfig config, Report r) {
        {
            out.println();
            out.println("== " + r.set.name() + ": " + r.set.describe() + "; machine load (1-minute average) "
                    + CpuInfo.loadAverage() + " after it");
            ModelRuns.Rate ceiling = r.ceiling;
            out.printf(Locale.ROOT, "(a) model alone, batch %d, %d model stream(s) as the worker runs it, pre-made tensors: "
                    + "%.1f images/s (peak RSS %d MiB)%n", options.batchSize(), config.batching().modelStreams(),
                    ceiling.perSecond(), ceiling.peakRssMiB());
            if (config.batching().modelStreams() > 1) {
                out.printf(Locale.ROOT, "    one stream: %.1f images/s; %d streams / one: %.2f%n",
                        r.ceilingOneStream.perSecond(), config.batching().modelStreams(),
                        ceiling.perSecond() / r.ceilingOneStream.perSecond());
            }
            out.println("    model: " + r.modelDescription);
            PipelineRun.Outcome p = r.pipeline;
            out.printf(Locale.ROOT, "(b) pipeline (worker process; Kafka + S3 + SQLite sink process at nice %d; ingest): "
                    + "%.1f images/s (%d images in %.1f s to the last row in the sink; %.1f images/s to the last "
                    + "prediction)%n", p.infraNiceness(), p.perSecond(), p.images(), p.wallNanos() / 1e9,
                    p.images() * 1e9 / p.workerSpanNanos());
            out.printf(Locale.ROOT, "(c) naive, as the original app (model as loaded, whole-image decode, one image at a "
                    + "time): %.1f images/s%n", r.naive.perSecond());
            out.printf(Locale.ROOT, "(c') naive loop with the pipeline's decode (%s): %.1f images/s%n",
                    options.decode(), r.naiveServed.perSecond());
            out.printf(Locale.ROOT, "(b)/(a) = %.2f    (b)/(c) = %.2f    (b)/(c') = %.2f%n",
                    p.perSecond() / ceiling.perSecond(), p.perSecond() / r.naive.perSecond(),
                    p.perSecond() / r.naiveServed.perSecond());
            StageTimes s = p.stages();
            out.printf(Locale.ROOT, "stages, mean ms per image: fetch %.1f, decode %.1f, queue wait %.1f, inference "
                    + "(its batch) %.1f, publish to sink row %.1f%n", s.fetchMs(), s.decodeMs(), s.queueWaitMs(),
                    s.inferenceMs(), s.publishMs());
            out.printf(Locale.ROOT, "average batch %.1f; model utilisation %.0f%% (model busy %.1f s of %.1f s); "
                    + "dead letters %d; worker %s%n", s.batchSize(), 100 * s.modelBusyMs() * 1e6 / p.wallNanos(),
                    s.modelBusyMs() / 1000, p.wallNanos() / 1e9, s.deadLetters(), p.workerStats());
            printCpu(p);
            out.println("peak RSS of the worker process during (b): " + p.workerPeakRssMiB() + " MiB (model loaded, "
                    + "batch " + config.batching().maxBatchSize() + ")");
            out.printf(Locale.ROOT, "decode + resize to 256x256, one thread: exact %.1f images/s, fast %.1f images/s "
                    + "(%.1fx)%n", r.decodeExact.perSecond(), r.decodeFast.perSecond(),
                    r.decodeFast.perSecond() / r.decodeExact.perSecond());
        }
    }

    // Where the cores went during (b): every thread of the worker process, TensorFlow's native ones included, grouped
    // by name; then the servers' process and the rest of the machine.
    private void printCpu(PipelineRun.Outcome p) {
        double wall = p.wallNanos() / 1e9;
        double worker = p.workerCpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        if (worker == 0) {
            out.println("CPU by thread: unavailable (no /proc)");
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double total = worker + p.infraCpuSeconds() + p.otherCpuSeconds();
        out.printf(Locale.ROOT, "CPU during (b): %.1f s of %.1f s available (%d cores x %.1f s, %.0f%%): worker %.1f s, "
                + "Kafka + S3 + sink process %.1f s, everything else on the machine %.1f s%n", total, cores * wall, cores,
                wall, 100 * total / (cores * wall), worker, p.infraCpuSeconds(), p.otherCpuSeconds());
        out.println(byThread("worker CPU by thread group (TensorFlow's native threads show as java):",
                p.workerCpuSeconds(), worker));
        out.println(byThread("Kafka + S3 + sink process CPU by thread group:", p.infraCpuByThread(),
                p.infraCpuSeconds()));
    }

    private static String byThread(String title, Map<String, Double> groups, double total) {
        StringBuilder line = new StringBuilder(title);
        double shown = 0;
        int n = 0;
        for (Map.Entry<String, Double> e : groups.entrySet()) {
            if (n++ == 12) {
                break;
            }
            shown += e.getValue();
            line.append(String.format(Locale.ROOT, " %s %.1f s,", e.getKey(), e.getValue()));
        }
        line.append(String.format(Locale.ROOT, " others %.1f s", Math.max(0, total - shown)));
        return line.toString();
    }

    private void printBf16(Bf16Probe.Comparison c) {
        out.println();
        out.printf(Locale.ROOT, "== oneDNN math mode (%s), model alone, batch %d: fp32 %.1f images/s, BF16 "
                + "%.1f images/s (%.2fx); max |BF16 - fp32| probability %.2e, relative to the fp32 probability %.1f%%; "
                + "same top class on %.0f%% of the probe images%n", Bf16Probe.ENV, options.batchSize(),
                c.fp32().imagesPerSecond(), c.bf16().imagesPerSecond(),
                c.bf16().imagesPerSecond() / c.fp32().imagesPerSecond(), c.maxAbsDifference(),
                100 * c.maxRelativeDifference(), 100 * c.topClassAgreement());
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** One image set's figures, filled phase by phase. */
    private static final class Report {
        final BenchImages.ImageSet set;
        final PipelineRun.Outcome pipeline;
        ModelRuns.Rate ceiling;
        ModelRuns.Rate ceilingOneStream;
        String modelDescription = "";
        ModelRuns.Rate naive;
        ModelRuns.Rate naiveServed;
        ModelRuns.Rate decodeExact;
        ModelRuns.Rate decodeFast;

        Report(BenchImages.ImageSet set, PipelineRun.Outcome pipeline) {
            this.set = set;
            this.pipeline = pipeline;
        }
    }
}
