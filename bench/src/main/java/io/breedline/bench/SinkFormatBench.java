package io.breedline.bench;

import io.breedline.contracts.BreedScore;
import io.breedline.contracts.ImageIds;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Schema;
import io.breedline.contracts.StageTimings;
import io.breedline.sink.objects.FolderObjectStore;
import io.breedline.sink.objects.ResultFormat;
import io.breedline.sink.objects.WindowedObjectWriter;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./breedline bench sink}: the results sink's object writer (offset windows, encoding, files written and
 * renamed) on the same predictions in JSON Lines and in Parquet, formats interleaved round by round so a shared
 * machine's drift hits both alike. Kafka and S3 are left out on purpose: they cost the same for both formats, and
 * would hide the difference this measures. Prints rows/s, CPU per 1,000 rows and bytes per prediction.
 */
public final class SinkFormatBench {
    private static final TopicPartition PARTITION = new TopicPartition("breedline.predictions", 0);
    private static final int POLL = 500;

    private final int records;
    private final int window;
    private final int rounds;
    private final List<String> breeds;
    private final PrintStream out;

    public SinkFormatBench(int records, int window, int rounds, List<String> breeds, PrintStream out) {
        this.records = records;
        this.window = window;
        this.rounds = rounds;
        this.breeds = breeds;
        this.out = out;
    }

    public int run() throws Exception {
        List<ResultRecord> log = predictions();
        out.printf(Locale.ROOT, "sink object writer: %,d predictions (top-5), windows of %,d offsets, polls of %d, %d rounds%n",
                records, window, POLL, rounds);
        out.printf(Locale.ROOT, "%-6s %-8s %12s %16s %18s %10s%n", "round", "format", "rows/s", "CPU ms/1k rows",
                "bytes/prediction", "objects");
        ResultFormat[] order = ResultFormat.values();
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < order.length; i++) {
                // Alternate which format goes first, so neither always runs on a warmer JIT.
                ResultFormat format = order[(i + round) % order.length];
                Result r = measure(format, log);
                out.printf(Locale.ROOT, "%-6d %-8s %,12.0f %16.1f %18.1f %10d%n", round, format.name().toLowerCase(Locale.ROOT),
                        r.rowsPerSecond(), r.cpuMsPerThousand(), r.bytesPerRow(), r.objects());
            }
        }
        return 0;
    }

    record Result(double rowsPerSecond, double cpuMsPerThousand, double bytesPerRow, long objects) {}

    private Result measure(ResultFormat format, List<ResultRecord> log) throws Exception {
        Path dir = Files.createTempDirectory("bench-sink");
        try {
            WindowedObjectWriter writer = new WindowedObjectWriter(new FolderObjectStore(dir), format.create(), "",
                    window, Duration.ofHours(1));
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < log.size(); i += POLL) {
                List<ResultRecord> poll = log.subList(i, Math.min(log.size(), i + POLL));
                long next = poll.get(poll.size() - 1).offset() + 1;
                writer.write(List.of(new PartitionBatch(PARTITION, poll, next)), Instant.EPOCH);
            }
            writer.flushBuffered();
            long wall = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            writer.close();
            long bytes = 0;
            long objects = 0;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    bytes += Files.size(p);
                    objects++;
                }
            }
            return new Result(log.size() / (wall / 1e9), cpu / 1e6 / (log.size() / 1000.0), (double) bytes / log.size(), objects);
        } finally {
            deleteTree(dir);
        }
    }

    /** Predictions shaped like an archive's: phone-camera file names in dated folders, top-5 over the real labels. */
    private List<ResultRecord> predictions() {
        Random random = new Random(42);
        Instant t = Instant.parse("2026-12-08T00:00:00Z");
        List<ResultRecord> log = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            String uri = String.format(Locale.ROOT, "s3://family-photos/archive/%d/%02d/IMG_%05d.HEIC",
                    2015 + random.nextInt(10), 1 + random.nextInt(12), random.nextInt(100_000));
            List<BreedScore> top = new ArrayList<>();
            double rest = 1.0;
            for (int k = 0; k < 5; k++) {
                double p = rest * (0.3 + 0.6 * random.nextDouble());
                rest -= p;
                int cls = random.nextInt(breeds.size());
                top.add(new BreedScore(breeds.get(cls), cls, p));
            }
            top.sort(Comparator.comparingDouble(BreedScore::probability).reversed());
            Prediction p = new Prediction(Schema.VERSION, ImageIds.forUri(uri), uri, Long.toHexString(random.nextLong()),
                    null, "job-20261208-000000-abc123", top, "efficientnetb3", "sha256:0f1e2d3c4b5a",
                    new StageTimings(random.nextInt(40), 5 + random.nextInt(30), random.nextInt(200), 900 + random.nextInt(200), 32),
                    "worker-" + random.nextInt(8), t.plusMillis(i * 20L), null);
            log.add(ResultRecord.of(i, p));
        }
        return log;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
