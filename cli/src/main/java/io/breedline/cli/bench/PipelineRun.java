package io.breedline.cli.bench;

import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Clients;
import io.breedline.contracts.Topics;
import io.breedline.embedded.EmbeddedKafka;
import io.breedline.embedded.EmbeddedS3;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.IngestSummary;
import io.breedline.ingest.Ingestor;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.WorkerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * (b) The pipeline as deployed, in this JVM: an embedded Kafka broker, an embedded S3 server holding the images, the
 * results sink writing SQLite, one worker loading the model as WorkerApp does, fed by the ingestor listing the S3
 * prefix. The clock runs from the ingestor's start (the worker has its partitions by then) until the sink holds a
 * row for every image.
 */
final class PipelineRun {
    static final String BUCKET = "breedline-bench";
    private static final int PARTITIONS = 4;
    private static final Duration STALL = Duration.ofMinutes(10);
    static final int WARM_UP_IMAGES = 96;
    private static final String WARM_UP_PREFIX = "warm-up/";

    /** What the run measured. */
    record Outcome(long images, long wallNanos, long workerSpanNanos, long peakRssMiB, StageTimes stages,
            WorkerStats stats, Map<String, Double> cpuSeconds) {
        double perSecond() {
            return images * 1e9 / wallNanos;
        }
    }

    private PipelineRun() {}

    static Outcome run(BenchImages.ImageSet set, Map<String, String> overrides, Path work) throws Exception {
        Path db = work.resolve(set.name() + ".db");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve("kafka-" + set.name())), 0);
                EmbeddedS3 s3 = EmbeddedS3.start(Files.createDirectories(work.resolve("s3-" + set.name())))) {
            upload(s3, set);
            Map<String, String> values = new HashMap<>(overrides);
            values.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            values.put("BREEDLINE_SINK_JDBC_URL", "jdbc:sqlite:" + db);
            values.put("BREEDLINE_WORKER_ID", "bench-" + set.name());
            Settings settings = Settings.fromEnvironment().with(values);
            createTopics(kafka.bootstrapServers(), Topics.fromEnv(settings.asMap()));
            WorkerConfig workerConfig = WorkerConfig.from(settings).withS3(s3.settings());
            try (ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
                    Worker worker = new Worker(workerConfig)) {
                sink.start();
                worker.start();
                awaitAssignment(worker);
                warmUp(settings, s3, results(db), worker);
                Memory.resetPeak();
                ThreadCpu cpuBefore = ThreadCpu.snapshot();
                long startEpochMs = System.currentTimeMillis();
                long start = System.nanoTime();
                IngestSummary summary = new Ingestor(IngestConfig.from(settings).withS3(s3.settings()))
                        .run("s3://" + BUCKET + "/" + set.name() + "/");
                try (JdbcResults results = new JdbcResults(JdbcTarget.sqlite(db))) {
                    awaitAll(results, summary, worker);
                }
                long wall = System.nanoTime() - start;
                Map<String, Double> cpu = ThreadCpu.snapshot().secondsSince(cpuBefore);
                long peak = Memory.peakMiB();
                StageTimes stages = StageTimes.read(db, summary.jobId());
                long span = TimeUnit.MILLISECONDS.toNanos((long) stages.lastPredictedEpochMs() - startEpochMs);
                return new Outcome(summary.published(), wall, span, peak, stages, worker.stats(), cpu);
            }
        }
    }

    private static void upload(EmbeddedS3 s3, BenchImages.ImageSet set) {
        s3.createBucket(BUCKET);
        try (S3Client client = S3Clients.create(s3.settings())) {
            for (Path file : set.files()) {
                client.putObject(PutObjectRequest.builder().bucket(BUCKET)
                        .key(set.name() + "/" + file.getFileName()).build(), RequestBody.fromFile(file));
            }
            // The same photos again under another prefix, for the untimed warm-up run.
            for (Path file : set.files().subList(0, Math.min(WARM_UP_IMAGES, set.files().size()))) {
                client.putObject(PutObjectRequest.builder().bucket(BUCKET)
                        .key(WARM_UP_PREFIX + set.name() + "/" + file.getFileName()).build(), RequestBody.fromFile(file));
            }
        }
    }

    // A deployed worker runs for hours: its JIT-compiled code, connections and TensorFlow's kernels are warm. An
    // untimed pass of a few batches through the same pipeline puts this run in that state before the clock starts.
    private static void warmUp(Settings settings, EmbeddedS3 s3, JdbcTarget db, Worker worker) throws Exception {
        IngestSummary warm = new Ingestor(IngestConfig.from(settings).withS3(s3.settings()))
                .run("s3://" + BUCKET + "/" + WARM_UP_PREFIX);
        try (JdbcResults results = new JdbcResults(db)) {
            awaitAll(results, warm, worker);
        }
    }

    private static JdbcTarget results(Path db) {
        return JdbcTarget.sqlite(db);
    }

    /** The pipeline's topics, each with the bench's partition count; the labeled topic compacted as in deployments. */
    static void createTopics(String bootstrap, Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic(topics.images(), PARTITIONS, (short) 1),
                    new NewTopic(topics.predictions(), PARTITIONS, (short) 1),
                    new NewTopic(topics.deadLetters(), PARTITIONS, (short) 1),
                    new NewTopic(topics.labeled(), PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get();
        }
    }

    // The consumer group's first rebalance is not the pipeline's speed: start the clock once the worker has partitions.
    private static void awaitAssignment(Worker worker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (worker.stats().assignments() == 0) {
            failIfStopped(worker);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the worker got no partitions within 2 minutes");
            }
            Thread.sleep(20);
        }
    }

    private static void awaitAll(JdbcResults results, IngestSummary summary, Worker worker) throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long done = results.countForJob(summary.jobId());
            if (done >= summary.published()) {
                return;
            }
            failIfStopped(worker);
            if (done != last) {
                last = done;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL.toNanos()) {
                throw new IllegalStateException("no progress for " + STALL + ": " + done + " of "
                        + summary.published() + " images done");
            }
            Thread.sleep(20);
        }
    }

    private static void failIfStopped(Worker worker) {
        worker.failure().ifPresent(t -> {
            throw new IllegalStateException("the worker stopped: " + t, t);
        });
    }
}
