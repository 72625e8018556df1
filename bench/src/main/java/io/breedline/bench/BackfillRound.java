package io.breedline.bench;

import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.inference.BreedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One round of {@code bench latency --backfill}: fresh topics, a fresh SQLite database, a backfill queued on the bulk
 * topic, then one in-process worker and sink; uploads (when the round has them) come at a steady rate until the backfill
 * is labeled, each put into S3 and its reference published, as the trigger publishes it, on the round's upload lane.
 * Rows are polled every {@value #POLL_MS} ms.
 */
final class BackfillRound {
    enum Mode {
        /** The backfill alone: its throughput with nothing else queued. */
        ALONE(null),
        /** Uploads on the priority topic, as with lanes. */
        LANES(Lane.PRIORITY),
        /** Uploads on the bulk topic behind the backfill, as before lanes. */
        NO_LANES(Lane.BULK);

        final Lane uploadLane;

        Mode(Lane uploadLane) {
            this.uploadLane = uploadLane;
        }
    }

    /** The shared servers and inputs of every round. */
    record Rig(String bootstrapServers, Admin admin, S3Client s3, S3Settings s3Settings, String bucket, Path work,
            List<Path> backfill, List<Path> uploads, Supplier<BreedModel> model) {}

    private static final int PARTITIONS = 4;
    private static final long POLL_MS = 20;
    private static final Duration STALL = Duration.ofMinutes(3);

    private final Rig rig;
    private final double uploadRate;
    private final Duration batchDelay;

    BackfillRound(Rig rig, double uploadRate, Duration batchDelay) {
        this.rig = rig;
        this.uploadRate = uploadRate;
        this.batchDelay = batchDelay;
    }

    BackfillResult run(Mode mode, String name) throws Exception {
        Topics topics = Topics.defaults().withSuffix("." + name);
        createTopics(topics);
        Path db = rig.work().resolve(name + ".db");
        String backfillJob = "backfill-" + name;
        String uploadJob = "uploads-" + name;
        queueBackfill(topics.images(), backfillJob);
        Settings settings = settings(topics, name, db);
        Map<String, Long> started = new ConcurrentHashMap<>();
        Map<String, Long> finished = new HashMap<>();
        try (ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
                Worker worker = new Worker(WorkerConfig.from(settings).withS3(rig.s3Settings()), rig.model().get());
                KafkaProducer<byte[], byte[]> producer = producer()) {
            sink.start();
            worker.start();
            ScheduledExecutorService uploader = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger failedUploads = new AtomicInteger();
            try {
                if (mode.uploadLane != null) {
                    String topic = mode.uploadLane.topic(topics);
                    AtomicInteger next = new AtomicInteger();
                    uploader.scheduleAtFixedRate(() -> {
                        try {
                            upload(producer, topic, uploadJob, name, next.getAndIncrement(), started);
                        } catch (RuntimeException e) {
                            failedUploads.incrementAndGet();
                        }
                    }, 0, (long) (1e9 / uploadRate), TimeUnit.NANOSECONDS);
                }
                Progress progress = await(db, backfillJob, uploadJob, rig.backfill().size(), started, finished, worker,
                        uploader);
                List<Long> latencies = new ArrayList<>();
                finished.forEach((id, done) -> latencies.add(done - started.get(id)));
                PredictionCount count = PredictionCount.read(rig.bootstrapServers(), topics, backfillJob, uploadJob);
                return new BackfillResult(mode, rig.backfill().size(), progress.imagesPerSecond(), progress.rows(),
                        count, LatencySummary.of(batchDelay, latencies, Double.NaN), failedUploads.get());
            } finally {
                uploader.shutdownNow();
            }
        } finally {
            rig.admin().deleteTopics(List.of(topics.images(), topics.priority(), topics.predictions(),
                    topics.deadLetters(), topics.labeled(), topics.alreadyLabeled())).all().get(60, TimeUnit.SECONDS);
        }
    }

    private Settings settings(Topics topics, String name, Path db) {
        Map<String, String> values = new HashMap<>();
        values.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", rig.bootstrapServers());
        values.put(Topics.IMAGES_ENV, topics.images());
        values.put(Topics.PRIORITY_ENV, topics.priority());
        values.put(Topics.PREDICTIONS_ENV, topics.predictions());
        values.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        values.put(Topics.LABELED_ENV, topics.labeled());
        values.put("BREEDLINE_MODEL", "stand-in");
        values.put("BREEDLINE_FILE_ROOTS", rig.backfill().get(0).getParent().toString());
        values.put("BREEDLINE_MAX_BATCH_DELAY", batchDelay.toMillis() + "ms");
        values.put("BREEDLINE_WORKER_ID", "backfill-" + name);
        values.put("BREEDLINE_GROUP_ID", "backfill-workers-" + name);
        values.put("BREEDLINE_SINK_GROUP_ID", "backfill-sink-" + name);
        values.put("BREEDLINE_SINK_JDBC_URL", "jdbc:sqlite:" + db);
        return Settings.fromEnvironment().with(values);
    }

    private void createTopics(Topics topics) throws Exception {
        rig.admin().createTopics(List.of(
                new NewTopic(topics.images(), PARTITIONS, (short) 1),
                new NewTopic(topics.priority(), PARTITIONS, (short) 1),
                new NewTopic(topics.predictions(), PARTITIONS, (short) 1),
                new NewTopic(topics.deadLetters(), PARTITIONS, (short) 1),
                new NewTopic(topics.alreadyLabeled(), PARTITIONS, (short) 1),
                new NewTopic(topics.labeled(), PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all().get(60, TimeUnit.SECONDS);
        awaitLeaders(topics);
    }

    // A producer started right after createTopics may find partitions without a leader yet; wait for every one.
    private void awaitLeaders(Topics topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!leadersReady(topics)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the round's topics have no leaders after 2 minutes");
            }
            Thread.sleep(100);
        }
    }

    private boolean leadersReady(Topics topics) throws Exception {
        try {
            return rig.admin().describeTopics(List.of(topics.images(), topics.priority())).allTopicNames()
                    .get(60, TimeUnit.SECONDS).values().stream()
                    .allMatch(d -> d.partitions().size() == PARTITIONS
                            && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created, not yet in the metadata the broker answers with
            }
            throw e;
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, rig.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    // The whole backfill is queued before the worker starts, as an ingest of a large folder leaves it.
    private void queueBackfill(String topic, String job) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, rig.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // One request in flight per partition: a retry right after topic creation cannot reorder the sequence (with
        // more, a run failed on OutOfOrderSequenceException for half the backfill).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        AtomicLong failed = new AtomicLong();
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Path file : rig.backfill()) {
                ImageRef ref = ImageRef.of(file.toString(), null, null, null, job, now);
                producer.send(new ProducerRecord<>(topic, ref.imageId().getBytes(StandardCharsets.UTF_8), Json.write(ref)),
                        (md, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + rig.backfill().size() + " backfill references not queued");
        }
    }

    private void upload(KafkaProducer<byte[], byte[]> producer, String topic, String job, String name, int i,
            Map<String, Long> started) {
        try {
            byte[] bytes = Files.readAllBytes(rig.uploads().get(i % rig.uploads().size()));
            String key = "uploads/" + name + "/img-" + i + ".jpg";
            long t = System.nanoTime();
            String etag = rig.s3().putObject(b -> b.bucket(rig.bucket()).key(key), RequestBody.fromBytes(bytes)).eTag();
            ImageRef ref = ImageRef.of("s3://" + rig.bucket() + "/" + key, etag, null, (long) bytes.length, job, Instant.now());
            started.put(ref.imageId(), t);
            producer.send(new ProducerRecord<>(topic, ref.imageId().getBytes(StandardCharsets.UTF_8), Json.write(ref)));
            producer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Progress(double imagesPerSecond, long rows) {}

    /**
     * Polls until the backfill's rows are all in and every upload started by then has its row; stops the uploads when
     * the backfill is done. Throughput counts from the first backfill row to the last.
     */
    private Progress await(Path db, String backfillJob, String uploadJob, int backfill, Map<String, Long> started,
            Map<String, Long> finished, Worker worker, ScheduledExecutorService uploader) throws Exception {
        long lastProgress = System.nanoTime();
        long first = 0;
        long firstCount = 0;
        long done = 0;
        long rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            while (true) {
                worker.failure().ifPresent(t -> {
                    throw new IllegalStateException("the worker stopped: " + t, t);
                });
                long t = System.nanoTime();
                for (String id : ids(c, uploadJob)) {
                    if (started.containsKey(id) && finished.putIfAbsent(id, t) == null) {
                        lastProgress = t;
                    }
                }
                long count = count(c, backfillJob);
                if (count > rows) {
                    lastProgress = t;
                    if (rows == 0) {
                        first = t;
                        firstCount = count;
                    }
                    rows = count;
                }
                if (done == 0 && rows >= backfill) {
                    done = t;
                    uploader.shutdown();
                    uploader.awaitTermination(30, TimeUnit.SECONDS);
                }
                if (done != 0 && finished.size() >= started.size()) {
                    break;
                }
                if (t - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException("no new row for " + STALL + ": backfill " + rows + " of " + backfill
                            + ", uploads " + finished.size() + " of " + started.size());
                }
                Thread.sleep(POLL_MS);
            }
        }
        // From the first row on: the rows that arrived with the first one took no measured time, so they are left out.
        return new Progress((rows - firstCount) / ((done - first) / 1e9), rows);
    }

    private static List<String> ids(Connection c, String job) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT image_id FROM predictions WHERE job_id = ?")) {
            ps.setString(1, job);
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

    private static long count(Connection c, String job) {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM predictions WHERE job_id = ?")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            return 0;
        }
    }
}
