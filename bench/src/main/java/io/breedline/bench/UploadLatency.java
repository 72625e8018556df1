package io.breedline.bench;

import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Clients;
import io.breedline.contracts.Topics;
import io.breedline.embedded.EmbeddedKafka;
import io.breedline.embedded.EmbeddedS3;
import io.breedline.ingest.trigger.TriggerConfig;
import io.breedline.ingest.trigger.TriggerService;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.inference.BreedModel;
import io.breedline.worker.inference.ModelLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bench latency}: from the start of an upload to its result row, with the trigger as deployed. An embedded
 * Kafka broker and S3 server (s3proxy), the results sink on SQLite, one worker serving the model, the ingest trigger
 * reading MinIO-format notifications from Kafka. s3proxy sends no notifications, so after each upload the benchmark
 * publishes the event MinIO would have sent. Uploads come at a steady rate; the database is polled every
 * {@value #POLL_MS} ms for new rows. Each batch delay gets fresh topics, a fresh database and a new worker; the model
 * is first run once on every batch size, so no delay pays TensorFlow's per-shape start-up.
 */
public final class UploadLatency {
    static final String BUCKET = "breedline-latency";
    private static final int PARTITIONS = 4;
    private static final int WARM_UP = 5;
    private static final long POLL_MS = 5;
    private static final Duration STALL = Duration.ofMinutes(3);

    private final int uploads;
    private final double rate;
    private final List<Duration> delays;
    private final String model;
    private final Path samples;
    private final PrintStream out;

    public UploadLatency(int uploads, double rate, List<Duration> delays, String model, Path samples, PrintStream out) {
        if (uploads < 1 || rate <= 0 || delays.isEmpty()) {
            throw new IllegalArgumentException("--uploads and --rate must be positive and --batch-delay name at least one");
        }
        this.uploads = uploads;
        this.rate = rate;
        this.delays = List.copyOf(delays);
        this.model = model;
        this.samples = samples;
        this.out = out;
    }

    public List<LatencySummary> run() throws Exception {
        Path work = Files.createTempDirectory("breedline-latency");
        BenchImages.ImageSet images = BenchImages.generate("small", samples, work.resolve("images"), uploads + WARM_UP, 500, 375);
        out.println("Images: " + images.describe());
        List<LatencySummary> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve("kafka")), 0);
                EmbeddedS3 s3 = EmbeddedS3.start(Files.createDirectories(work.resolve("s3")));
                S3Client client = S3Clients.create(s3.settings());
                KafkaProducer<String, String> minio = new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0),
                        new StringSerializer(), new StringSerializer())) {
            s3.createBucket(BUCKET);
            warmUpEveryBatchSize();
            out.println(LatencySummary.header());
            for (Duration delay : delays) {
                LatencySummary r = runOne(delay, kafka, s3, client, minio, images, work);
                results.add(r);
                out.println(r.row());
                out.flush();
            }
        }
        return results;
    }

    // TensorFlow prepares its kernels for each input shape on first use, once per process: several seconds over all
    // batch sizes for this model. Without this the first batch delay measured pays it and falls into a backlog.
    private void warmUpEveryBatchSize() throws Exception {
        WorkerConfig config = WorkerConfig.from(Settings.fromEnvironment().with(Map.of("BREEDLINE_MODEL", model)));
        long start = System.nanoTime();
        try (S3Client modelStore = S3Clients.create(config.s3());
                BreedModel m = ModelLoader.load(config.model().spec(), () -> modelStore)) {
            int max = config.batching().maxBatchSize();
            float[] pixels = new float[max * m.inputHeight() * m.inputWidth() * 3];
            for (int n = 1; n <= max; n++) {
                m.predict(pixels, n);
            }
        }
        out.printf(Locale.ROOT, "Model warmed up on batch sizes 1 to %d in %.1f s (not measured)%n",
                config.batching().maxBatchSize(), (System.nanoTime() - start) / 1e9);
    }

    private LatencySummary runOne(Duration delay, EmbeddedKafka kafka, EmbeddedS3 s3, S3Client client,
            KafkaProducer<String, String> minio, BenchImages.ImageSet images, Path work) throws Exception {
        String name = "d" + delay.toMillis() + "ms";
        Topics topics = Topics.defaults().withSuffix("." + name);
        String notifyTopic = "minio-events." + name;
        createTopics(kafka.bootstrapServers(), topics, notifyTopic);
        Path db = work.resolve(name + ".db");
        Map<String, String> values = new HashMap<>();
        values.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        values.put(Topics.IMAGES_ENV, topics.images());
        values.put(Topics.PREDICTIONS_ENV, topics.predictions());
        values.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        values.put(Topics.LABELED_ENV, topics.labeled());
        values.put("BREEDLINE_MODEL", model);
        values.put("BREEDLINE_MAX_BATCH_DELAY", delay.toMillis() + "ms");
        values.put("BREEDLINE_WORKER_ID", "latency-" + name);
        values.put("BREEDLINE_GROUP_ID", "latency-workers-" + name);
        values.put("BREEDLINE_SINK_GROUP_ID", "latency-sink-" + name);
        values.put("BREEDLINE_SINK_JDBC_URL", "jdbc:sqlite:" + db);
        values.put(TriggerConfig.KAFKA_TOPIC, notifyTopic);
        values.put(TriggerConfig.GROUP_ID, "latency-trigger-" + name);
        Settings settings = Settings.fromEnvironment().with(values);
        String prefix = "uploads/" + name + "/";
        try (ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
                Worker worker = new Worker(WorkerConfig.from(settings).withS3(s3.settings()));
                TriggerService trigger = new TriggerService(TriggerConfig.from(settings))) {
            sink.start();
            worker.start();
            trigger.start();
            awaitAssignment(worker);
            // Warm-up uploads, not measured: the first model calls and connections are slower.
            List<Path> files = images.files();
            for (int i = 0; i < WARM_UP; i++) {
                upload(client, minio, notifyTopic, prefix + "warm-" + i + ".jpg", files.get(i), i);
            }
            awaitRows(db, prefix + "warm-", WARM_UP, new HashMap<>(), worker);

            Map<String, Long> started = new ConcurrentHashMap<>();
            Map<String, Long> finished = new HashMap<>();
            ScheduledExecutorService uploader = Executors.newSingleThreadScheduledExecutor();
            try {
                long periodNanos = (long) (1e9 / rate);
                int[] next = {0};
                uploader.scheduleAtFixedRate(() -> {
                    int i = next[0]++;
                    if (i >= uploads) {
                        return;
                    }
                    String key = prefix + "img-" + i + ".jpg";
                    started.put("s3://" + BUCKET + "/" + key, System.nanoTime());
                    upload(client, minio, notifyTopic, key, files.get(WARM_UP + i), WARM_UP + i);
                }, 0, periodNanos, TimeUnit.NANOSECONDS);
                awaitRows(db, prefix + "img-", uploads, finished, worker);
            } finally {
                uploader.shutdownNow();
            }
            List<Long> latencies = new ArrayList<>();
            finished.forEach((uri, done) -> latencies.add(done - started.get(uri)));
            return LatencySummary.of(delay, latencies, meanBatch(db, prefix + "img-"));
        }
    }

    private static void upload(S3Client client, KafkaProducer<String, String> minio, String topic, String key, Path file,
            int sequence) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String etag = client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes)).eTag();
            minio.send(new ProducerRecord<>(topic, BUCKET + "/" + key,
                    MinioEvents.put(BUCKET, key, etag, bytes.length, String.format("%016X", sequence + 1))));
            minio.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Records when each row first appears; fails when nothing new appears for STALL.
    private static void awaitRows(Path db, String keyPrefix, int expected, Map<String, Long> seen, Worker worker)
            throws Exception {
        String like = "s3://" + BUCKET + "/" + keyPrefix + "%";
        long lastProgress = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            while (seen.size() < expected) {
                worker.failure().ifPresent(t -> {
                    throw new IllegalStateException("the worker stopped: " + t, t);
                });
                Set<String> now = uris(c, like);
                long t = System.nanoTime();
                for (String uri : now) {
                    if (seen.putIfAbsent(uri, t) == null) {
                        lastProgress = t;
                    }
                }
                if (t - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException("no new row for " + STALL + ": " + seen.size() + " of " + expected);
                }
                Thread.sleep(POLL_MS);
            }
        }
    }

    private static Set<String> uris(Connection c, String like) {
        Set<String> out = new HashSet<>();
        try (var ps = c.prepareStatement("SELECT uri FROM predictions WHERE uri LIKE ?")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            // the sink has not created its tables yet
        }
        return out;
    }

    private static double meanBatch(Path db, String keyPrefix) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT AVG(batch_size) FROM predictions WHERE uri LIKE 's3://" + BUCKET
                        + "/" + keyPrefix + "%'")) {
            return rs.next() ? rs.getDouble(1) : Double.NaN;
        }
    }

    private static void createTopics(String bootstrap, Topics topics, String notifyTopic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic(topics.images(), PARTITIONS, (short) 1),
                    new NewTopic(topics.predictions(), PARTITIONS, (short) 1),
                    new NewTopic(topics.deadLetters(), PARTITIONS, (short) 1),
                    new NewTopic(topics.labeled(), PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(notifyTopic, 1, (short) 1))).all().get();
        }
    }

    private static void awaitAssignment(Worker worker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (worker.stats().assignments() == 0) {
            worker.failure().ifPresent(t -> {
                throw new IllegalStateException("the worker stopped: " + t, t);
            });
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the worker got no partitions within 2 minutes");
            }
            Thread.sleep(20);
        }
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 && ms > 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
