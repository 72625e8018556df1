package io.breedline.bench.command;

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

/** {@code bench latency}: upload-to-row latency with the S3 trigger, per batch delay. */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {
            "Measure upload-to-row latency with the S3 upload trigger as deployed (embedded Kafka, s3proxy, the",
            "trigger's Kafka notify source, one worker, SQLite sink) at a steady low upload rate, for each batch",
            "delay. s3proxy sends no notifications: after each upload the benchmark publishes the MinIO-format",
            "event itself. Prints p50, p95, p99, max and mean per batch delay."
        })
public final class LatencyCommand implements Callable<Integer> {
    @Option(names = "--uploads", defaultValue = "300", description = "Uploads per batch delay (default: ${DEFAULT-VALUE}).")
    int uploads;

    @Option(names = "--rate", defaultValue = "5", description = "Uploads per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--batch-delay", defaultValue = "50ms,250ms,1s", split = ",",
            description = "Batch delays to compare (default: ${DEFAULT-VALUE}).")
    List<String> batchDelays;

    @Option(names = "--model", paramLabel = "DIR", description = "A SavedModel directory. Default: the built-in demo model.")
    String model;

    @Option(names = "--samples", defaultValue = "../shared/samples", paramLabel = "DIR",
            description = "Photos the uploads are made from (default: ${DEFAULT-VALUE}).")
    Path samples;

    @Override
    public Integer call() throws Exception {
        List<Duration> delays = new ArrayList<>();
        for (String d : batchDelays) {
            try {
                delays.add(Settings.of(Map.of("D", d)).duration("D", Duration.ZERO));
            } catch (RuntimeException e) {
                throw new UserError("--batch-delay: '" + d + "' is not a duration (50ms, 1s, PT0.25S)");
            }
        }
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
}
