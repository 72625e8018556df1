package io.breedline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.Json;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.Ingestor;
import io.breedline.ingest.trigger.TriggerConfig;
import io.breedline.ingest.trigger.TriggerService;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Events;
import io.breedline.testkit.S3Events.Obj;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.fakes.DarkBrightModel;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The priority lane end to end: uploads queued while a backfill is being worked off are labeled before the rest of it,
 * every image once; and an upload and a backfill of the same object are labeled once across the two lanes, also with
 * two workers (the lanes are co-partitioned, so one worker sees both references). Real Kafka, real S3 (s3proxy), a
 * SQLite sink, the dark/bright fake model.
 */
class PriorityLaneIT {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int PARTITIONS = 4;
    private static final int SIDE = 8;
    private static final Color DARK = new Color(20, 20, 20);
    private static final Color BRIGHT = new Color(235, 235, 235);

    @TempDir
    Path tmp;

    private final KafkaServer kafka = TestServers.kafka();
    private final List<AutoCloseable> running = new ArrayList<>();
    private Topics topics;
    private Path db;
    private Map<String, String> env;

    @BeforeEach
    void topics() {
        topics = Topics.defaults().withSuffix("." + Names.unique("lanes"));
        for (String t : List.of(topics.images(), topics.priority(), topics.predictions(), topics.deadLetters())) {
            kafka.createTopic(t, PARTITIONS);
        }
        db = tmp.resolve("labels.db");
        env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PRIORITY_ENV, topics.priority());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put(Topics.LABELED_ENV, topics.labeled());
        env.put("BREEDLINE_MODEL", "/unused/with/an/injected/model");
        env.put("BREEDLINE_GROUP_ID", Names.unique("workers"));
        env.put("BREEDLINE_MAX_BATCH_SIZE", "8");
        env.put("BREEDLINE_MAX_BATCH_DELAY", "20ms");
        env.put("BREEDLINE_FETCH_THREADS", "2");
        env.put("BREEDLINE_DECODE_THREADS", "1");
        env.put("BREEDLINE_DECODE_MODE", "exact");
        env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("sink"));
        env.put(JdbcTarget.URL, "jdbc:sqlite:" + db);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void uploadsQueuedBehindABackfillAreLabeledBeforeTheRestOfItAndEveryImageOnce() throws Exception {
        Path backfill = Files.createDirectories(tmp.resolve("backfill"));
        Path uploads = Files.createDirectories(tmp.resolve("uploads"));
        byte[] dark = TestImages.jpeg(16, 16, DARK);
        byte[] bright = TestImages.jpeg(16, 16, BRIGHT);
        for (int i = 0; i < 400; i++) {
            TestImages.write(backfill, "old-" + i + ".jpg", dark);
        }
        for (int i = 0; i < 16; i++) {
            TestImages.write(uploads, "new-" + i + ".jpg", bright);
        }
        env.put("BREEDLINE_FILE_ROOTS", tmp.toString());
        startSink();
        GatedModel model = new GatedModel();
        Worker worker = startWorker(model, "w1", false);
        IngestConfig ingest = IngestConfig.from(Settings.of(env));

        new Ingestor(ingest).run(backfill.toString());
        // The first backfill batch is held in the model; the worker fills up with backfill and pauses it.
        assertThat(model.entered.await(60, TimeUnit.SECONDS)).as("a backfill batch reached the model").isTrue();
        await().atMost(WAIT).until(() -> worker.stats().pauses() >= 1);
        long backfillPolled = worker.stats().polledRecords();
        new Ingestor(ingest.withLane(Lane.PRIORITY)).run(uploads.toString());
        await().atMost(WAIT).until(() -> worker.stats().polledRecords() == backfillPolled + 16);
        model.gate.countDown();

        await().atMost(WAIT).untilAsserted(() -> assertThat(rows()).hasSize(416));
        List<int[]> calls = model.batches(); // {dark, bright} per model call, in order
        int lastWithUploads = 0;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i)[1] > 0) {
                lastWithUploads = i;
            }
        }
        int backfillFirst = calls.subList(0, lastWithUploads + 1).stream().mapToInt(c -> c[0]).sum();
        System.out.println("LANES backfill images labeled before the last upload: " + backfillFirst + " (polled before the "
                + "uploads arrived: " + backfillPolled + " of 400); model calls " + calls.stream()
                .map(c -> c[0] + "d+" + c[1] + "b").collect(Collectors.joining(" ")));
        assertThat(calls.stream().mapToInt(c -> c[1]).sum()).isEqualTo(16);
        // The worker keeps at most a batch of backfill queued beside uploads, to fill their batches.
        assertThat(backfillFirst).as("backfill labeled before the last upload: at most what the worker held when the "
                + "uploads came, and one batch topping theirs up").isLessThanOrEqualTo((int) backfillPolled + 8)
                .isLessThan(400);
        Map<String, String> rows = rows();
        assertThat(rows).allSatisfy((uri, label) ->
                assertThat(label).isEqualTo(uri.contains("/uploads/new-") ? "bright" : "dark"));
        assertThat(predictionsPerImage().values()).hasSize(416).allMatch(n -> n == 1);
    }

    @Test
    void anUploadAndABackfillOfTheSameObjectAreLabeledOnceAcrossLanesAndWorkers() throws Exception {
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("uploads");
        s3.createBucket(bucket);
        String notifications = Names.unique("s3-events");
        kafka.createTopic(notifications, 1);
        kafka.createTopic(topics.labeled(), PARTITIONS, Map.of("cleanup.policy", "compact"));
        env.put(TriggerConfig.KAFKA_TOPIC, notifications);
        env.put(TriggerConfig.GROUP_ID, Names.unique("trigger"));
        startSink();
        List<Worker> workers = List.of(startWorker(new DarkBrightModel("lanes", SIDE), "w1", true),
                startWorker(new DarkBrightModel("lanes", SIDE), "w2", true));
        awaitCoPartitionedGroup(2);
        TriggerService trigger = new TriggerService(TriggerConfig.from(Settings.of(env)));
        running.add(trigger);
        trigger.start();

        int objects = 12;
        try (KafkaProducer<String, String> minio = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < objects; i++) {
                String key = "uploads/dog " + i + ".jpg";
                byte[] jpeg = TestImages.jpeg(16, 16, i % 2 == 0 ? DARK : BRIGHT, i, 4, 0.9f);
                String etag = s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(jpeg)).eTag();
                Obj upload = Obj.put(bucket, key, etag.replace("\"", ""), jpeg.length).sequencer(i + 1);
                minio.send(new ProducerRecord<>(notifications, bucket + "/" + key, S3Events.minio(upload)));
            }
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(rows()).hasSize(objects));
        Map<String, String> labeled = rows();
        assertThat(workers).as("both workers labeled uploads").allMatch(w -> w.stats().predictions() > 0);

        // The backfill's listing gives the same objects, on the images topic, under a job of its own.
        new Ingestor(IngestConfig.from(Settings.of(env)).withS3(s3.settings())).run("s3://" + bucket + "/uploads/");

        await().atMost(WAIT).untilAsserted(() -> assertThat(workers.stream()
                .mapToLong(w -> w.stats().duplicatesSkipped()).sum()).isEqualTo(objects));
        assertThat(predictionsPerImage().values()).hasSize(objects).allMatch(n -> n == 1);
        assertThat(rows()).isEqualTo(labeled);
    }

    // Both workers in the group, each owning partitions of the same numbers on both lanes.
    private void awaitCoPartitionedGroup(int members) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            try (Admin admin = kafka.admin()) {
                String group = env.get("BREEDLINE_GROUP_ID");
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(10, TimeUnit.SECONDS);
                assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(d.members()).hasSize(members);
                int total = 0;
                for (var m : d.members()) {
                    Set<TopicPartition> owned = m.assignment().topicPartitions();
                    total += owned.size();
                    assertThat(owned).isNotEmpty();
                    for (TopicPartition tp : owned) {
                        String other = tp.topic().equals(topics.images()) ? topics.priority() : topics.images();
                        assertThat(owned).as(m.consumerId() + " has " + tp).contains(new TopicPartition(other, tp.partition()));
                    }
                }
                assertThat(total).isEqualTo(2 * PARTITIONS);
            }
        });
    }

    private void startSink() {
        ResultsSink sink = new ResultsSink(SinkConfig.from(Settings.of(env)));
        running.add(sink);
        sink.start();
    }

    private Worker startWorker(DarkBrightModel model, String id, boolean s3) {
        Map<String, String> e = new HashMap<>(env);
        e.put("BREEDLINE_WORKER_ID", id);
        WorkerConfig config = WorkerConfig.from(Settings.of(e));
        if (s3) {
            config = config.withS3(TestServers.s3().settings());
        }
        Worker worker = new Worker(config, model);
        running.add(worker);
        worker.start();
        return worker;
    }

    /** uri -> label. */
    private Map<String, String> rows() throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT uri, top_breed FROM predictions")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        } catch (java.sql.SQLException e) {
            return Map.of(); // the sink has not created its tables yet
        }
        return out;
    }

    /** Committed predictions on the predictions topic, counted per image. */
    private Map<String, Long> predictionsPerImage() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Prediction> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topics.predictions()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    all.add(Json.readPrediction(r.value()));
                }
            }
        }
        return all.stream().collect(Collectors.groupingBy(Prediction::imageId, Collectors.counting()));
    }

    /**
     * Holds its first call after the warm-up until {@link #gate} opens, and records how many dark and bright images
     * each call had, in the order the worker made them (one model stream: the order the batches were labeled).
     */
    static final class GatedModel extends DarkBrightModel {
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        private final List<int[]> batches = new CopyOnWriteArrayList<>();

        GatedModel() {
            super("lanes", SIDE);
        }

        @Override
        protected void beforeCall(int call, float[] pixels, int n) throws InterruptedException {
            if (call == 0) {
                return; // the worker's warm-up
            }
            int bright = 0;
            for (int i = 0; i < n; i++) {
                if (pixels[i * SIDE * SIDE * 3] > 127) {
                    bright++;
                }
            }
            batches.add(new int[] {n - bright, bright});
            entered.countDown();
            gate.await();
        }

        List<int[]> batches() {
            return List.copyOf(batches);
        }
    }
}
