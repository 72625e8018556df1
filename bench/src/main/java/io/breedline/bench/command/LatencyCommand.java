package io.breedline.bench.command;

import io.breedline.bench.BackfillLatency;
import io.breedline.bench.UploadLatency;
import io.breedline.clients.config.Settings;
import io.breedline.models.DemoModelCache;
import io.breedline.service.UserError;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench latency}: upload-to-row latency with the S3 trigger, per batch delay; with {@code --backfill}, uploads
 * during a backfill with and without the priority lane.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {
            "Measure upload-to-row latency with the S3 upload trigger as deployed (embedded Kafka, s3proxy, the",
            "trigger's Kafka notify source, one worker, SQLite sink) at a steady low upload rate, for each batch",
            "delay. s3proxy sends no notifications: after each upload the benchmark publishes the MinIO-format",
            "event itself. Prints p50, p95, p99, max and mean per batch delay.",
            "With --backfill N: queue N references on the bulk lane and, while they are labeled, upload at --rate;",
            "three rounds per repeat (backfill alone, uploads on the priority lane, uploads on the bulk lane as",
            "before lanes), each checked for every backfill image labeled once. The model is a stand-in with the",
            "demo model's cost per batch and image (--stand-in) and no CPU; uploads publish the trigger's reference",
            "on the lane's topic themselves."
        })
public final class LatencyCommand implements Callable<Integer> {
    @Option(names = "--uploads", defaultValue = "300", description = "Uploads per batch delay (default: ${DEFAULT-VALUE}).")
    int uploads;

    @Option(names = "--rate", defaultValue = "5", description = "Uploads per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--batch-delay", defaultValue = "50ms,250ms,1s", split = ",",
            description = "Batch delays to compare (default: ${DEFAULT-VALUE}); with --backfill, the first.")
    List<String> batchDelays;

    @Option(names = "--model", paramLabel = "DIR", description = "A SavedModel directory. Default: the built-in demo model.")
    String model;

    @Option(names = "--samples", defaultValue = "../shared/samples", paramLabel = "DIR",
            description = "Photos the uploads are made from (default: ${DEFAULT-VALUE}).")
    Path samples;

    @Option(names = "--backfill", paramLabel = "N",
            description = "Measure uploads during a backfill of N references, with and without lanes (e.g. 20000).")
    Integer backfill;

    @Option(names = "--stand-in", defaultValue = "10ms,18ms", split = ",", paramLabel = "BATCH,IMAGE",
            description = "With --backfill: the stand-in model's time per batch and per image (default: ${DEFAULT-VALUE},"
                    + " the demo model's cost on this machine's 2 cores, BENCHMARKS.md 'Batch size').")
    List<String> standIn;

    @Option(names = "--repeats", defaultValue = "1", description = "With --backfill: repeats of the three rounds (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() throws Exception {
        if (backfill != null) {
            return backfill();
        }
        List<Duration> delays = durations("--batch-delay", batchDelays);
        if (uploads < 1 || rate <= 0) {
            throw new UserError("--uploads must be at least 1 and --rate above 0");
        }
        String modelDir = model != null ? model : DemoModelCache.ensureBuilt(System.err).toString();
        System.out.println("Upload-to-row latency: " + uploads + " uploads at " + rate + "/s per batch delay, model "
                + (model != null ? model : "EfficientNetB3 demo (random weights)") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                + String.format(Locale.ROOT, "%.2f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        System.out.println("Trigger: Kafka notify source. s3proxy emits no notifications, so the benchmark uploads each"
                + " object, then publishes its MinIO-format event on the notify topic itself.");
        new UploadLatency(uploads, rate, delays, modelDir, samples, System.out).run();
        System.out.println("Load average after: " + String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return 0;
    }

    private int backfill() throws Exception {
        List<Duration> delays = durations("--batch-delay", batchDelays);
        List<Duration> costs = durations("--stand-in", standIn);
        if (backfill < 1 || rate <= 0 || repeats < 1 || costs.size() != 2) {
            throw new UserError("--backfill, --rate and --repeats must be positive and --stand-in give BATCH,IMAGE");
        }
        System.out.println("Uploads during a backfill: " + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                + loadAverage());
        new BackfillLatency(backfill, rate, delays.get(0), costs.get(0), costs.get(1), repeats, samples, System.out).run();
        System.out.println("Load average after: " + loadAverage());
        return 0;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static List<Duration> durations(String option, List<String> values) {
        List<Duration> out = new ArrayList<>();
        for (String d : values) {
            try {
                out.add(Settings.of(Map.of("D", d)).duration("D", Duration.ZERO));
            } catch (RuntimeException e) {
                throw new UserError(option + ": '" + d + "' is not a duration (50ms, 1s, PT0.25S)");
            }
        }
        return out;
    }
}
