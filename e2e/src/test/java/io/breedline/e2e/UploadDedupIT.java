package io.breedline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Sequencer;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.Ingestor;
import io.breedline.ingest.trigger.TriggerConfig;
import io.breedline.ingest.trigger.TriggerService;
import io.breedline.models.OracleModel;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Each upload is labeled once: events delivered twice, and a backfill of the prefix while the trigger runs, are
 * skipped by the worker's de-duplication; out-of-order overwrites end with the newest version's labels; a new model
 * version labels everything again. Real Kafka, real S3 (s3proxy), the colour-oracle model, a SQLite sink.
 */
class UploadDedupIT {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int RED = 0;
    private static final int BLUE = 2;

    @TempDir
    Path tmp;

    private final KafkaServer kafka = TestServers.kafka();
    private final S3Server s3 = TestServers.s3();
    private final List<AutoCloseable> running = new ArrayList<>();
    private String bucket;
    private Topics topics;
    private String notifications;
    private Path db;
    private Map<String, String> env;
    private KafkaProducer<String, String> minio;
    private int sequencer;

    @BeforeEach
    void start() throws Exception {
        bucket = Names.unique("uploads");
        s3.createBucket(bucket);
        topics = Topics.defaults().withSuffix("." + Names.unique("dedup"));
        notifications = Names.unique("s3-events");
        for (String t : List.of(topics.images(), topics.priority(), topics.predictions(), topics.deadLetters(),
                notifications)) {
            kafka.createTopic(t, 2);
        }
        db = tmp.resolve("labels.db");
        env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PRIORITY_ENV, topics.priority());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put(Topics.LABELED_ENV, topics.labeled());
        env.put("BREEDLINE_MODEL", OracleModel.build(tmp.resolve("oracle")).toString());
        env.put("BREEDLINE_MODEL_VERSION", "oracle-1");
        env.put("BREEDLINE_GROUP_ID", Names.unique("workers"));
        env.put("BREEDLINE_MAX_BATCH_DELAY", "50ms");
        env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("sink"));
        env.put(JdbcTarget.URL, "jdbc:sqlite:" + db);
        env.put(TriggerConfig.KAFKA_TOPIC, notifications);
        env.put(TriggerConfig.GROUP_ID, Names.unique("trigger"));
        Settings settings = Settings.of(env);
        ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
        running.add(sink);
        sink.start();
        TriggerService trigger = new TriggerService(TriggerConfig.from(settings));
        running.add(trigger);
        trigger.start();
        minio = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                new StringSerializer());
        running.add(minio);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void eventsDeliveredTwiceAndABackfillOfThePrefixLabelEachUploadOnce() throws Exception {
        kafka.createTopic(topics.labeled(), 2, Map.of("cleanup.policy", "compact"));
        Worker worker = startWorker(Map.of());
        List<String> keys = List.of("uploads/a dog.jpg", "uploads/b+c.jpg", "uploads/deep/d.jpg", "uploads/e.jpg");
        for (int i = 0; i < keys.size(); i++) {
            Obj u = upload(keys.get(i), i);
            notify(u);
            notify(u); // at least once: the same event again
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(rows()).hasSize(keys.size()));
        Map<String, String> before = rows();

        // A backfill of the prefix while the trigger runs: the listing gives the same objects (quoted ETags, no
        // sequencer) under a new job.
        Settings settings = Settings.of(env);
        new Ingestor(IngestConfig.from(settings).withS3(s3.settings())).run("s3://" + bucket + "/uploads/");

        // 12 references: 4 labeled, 4 redelivered events and 4 listed objects skipped.
        await().atMost(WAIT).untilAsserted(() -> assertThat(worker.stats().duplicatesSkipped()).isEqualTo(8));
        assertThat(predictionsPerImage("oracle-1").values()).hasSize(keys.size()).allMatch(n -> n == 1);
        assertThat(rows()).isEqualTo(before);
    }

    /**
     * The references meet in the worker rather than in the index: events delivered twice (on the priority topic) and a
     * backfill of the prefix (on the images topic) are all queued before any worker runs. Each reference is keyed by
     * its image id, so the three references to an object are on partitions of the same number, which one worker owns
     * (both lanes). The worker admits the priority lane's first and judges them one after the other on its poll
     * thread: the first is labeled, the later ones are skipped, as duplicates of the reference in flight or, once that
     * is committed, of the index.
     */
    @Test
    void eventsDeliveredTwiceAndABackfillQueuedBeforeAnyWorkerRunsLabelEachUploadOnce() throws Exception {
        kafka.createTopic(topics.labeled(), 2, Map.of("cleanup.policy", "compact"));
        List<String> keys = List.of("uploads/a dog.jpg", "uploads/b+c.jpg", "uploads/deep/d.jpg", "uploads/e.jpg");
        Map<String, String> labelOf = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Obj u = upload(keys.get(i), i);
            notify(u);
            notify(u);
            labelOf.put("s3://" + bucket + "/" + keys.get(i), OracleModel.labels().get(i) + " " + u.etag());
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(queuedReferences()).hasSize(2 * keys.size()));
        String backfill = new Ingestor(IngestConfig.from(Settings.of(env)).withS3(s3.settings()))
                .run("s3://" + bucket + "/uploads/").jobId();
        await().atMost(WAIT).untilAsserted(() -> assertThat(queuedReferences()).hasSize(3 * keys.size()));
        List<Queued> queued = queuedReferences();
        // What the guarantee rests on: one partition per object, the backfill's reference after the trigger's two.
        for (var perImage : queued.stream().collect(Collectors.groupingBy(q -> q.ref().imageId())).values()) {
            assertThat(perImage).hasSize(3).extracting(Queued::partition).containsOnly(perImage.get(0).partition());
            assertThat(perImage).filteredOn(q -> q.topic().equals(topics.images())).singleElement()
                    .satisfies(q -> assertThat(q.ref().jobId()).isEqualTo(backfill));
        }
        assertThat(rows()).as("nothing labeled before the worker starts").isEmpty();

        Worker worker = startWorker(Map.of());

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rows()).isEqualTo(labelOf);
            assertThat(worker.stats().duplicatesSkipped()).isEqualTo(2 * keys.size());
        });
        assertThat(predictionsPerImage("oracle-1")).hasSize(keys.size()).allSatisfy((image, n) -> assertThat(n).isEqualTo(1));
        // Every skip has its notice, for the job of the reference skipped: one redelivered event and one listed object
        // per upload.
        List<AlreadyLabeled> notices = alreadyLabeledNotices();
        assertThat(notices).hasSize(2 * keys.size());
        assertThat(notices.stream().filter(n -> n.jobId().equals(backfill))).extracting(AlreadyLabeled::uri)
                .containsExactlyInAnyOrderElementsOf(labelOf.keySet());
        assertThat(notices.stream().filter(n -> !n.jobId().equals(backfill))).extracting(AlreadyLabeled::uri)
                .containsExactlyInAnyOrderElementsOf(labelOf.keySet());
        assertThat(rows()).as("labels unchanged after the skips").isEqualTo(labelOf);
    }

    @Test
    void outOfOrderOverwritesEndWithTheNewestVersionsLabels() throws Exception {
        startWorker(Map.of());
        String key = "uploads/overwritten dog.jpg";
        Obj red = upload(key, RED);
        Obj blue = upload(key, BLUE); // overwrites it
        String blueLabel = OracleModel.labels().get(BLUE);

        notify(blue); // the newest event first
        await().atMost(WAIT).untilAsserted(() -> assertThat(rows()).containsValue(blueLabel + " " + blue.etag()));
        String row = rowDetail(key);

        notify(red); // then the stale one: labeled again (its ETag is not the row's) but it must not win
        await().atMost(WAIT).untilAsserted(() -> assertThat(predictionsPerImage("oracle-1").values()).containsExactly(2L));
        assertThat(rows()).containsExactly(Map.entry("s3://" + bucket + "/" + key, blueLabel + " " + blue.etag()));
        assertThat(rowDetail(key)).isEqualTo(row).contains(Sequencer.normalize(blue.sequencer()));
    }

    @Test
    void aNewModelVersionLabelsAgainAndIsThenDeduplicatedItself() throws Exception {
        // No labeled topic yet: the worker creates it, compacted, with the images topic's partitions.
        Worker first = startWorker(Map.of());
        Obj u = upload("uploads/x.jpg", RED);
        notify(u);
        await().atMost(WAIT).untilAsserted(() -> assertThat(predictionsPerImage("oracle-1")).hasSize(1));
        first.close();

        Worker second = startWorker(Map.of("BREEDLINE_MODEL_VERSION", "oracle-2"));
        notify(u);
        notify(u);
        await().atMost(WAIT).untilAsserted(() -> assertThat(predictionsPerImage("oracle-2")).hasSize(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(second.stats().duplicatesSkipped()).isEqualTo(1));
        assertThat(predictionsPerImage("oracle-2").values()).containsExactly(1L);
        try (KafkaConsumer<byte[], byte[]> c = committedReader();
                org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
            assertThat(c.partitionsFor(topics.labeled())).hasSize(2);
            var config = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.labeled()))).all().get();
            assertThat(config.values().iterator().next().get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    private Worker startWorker(Map<String, String> overrides) {
        Worker worker = new Worker(WorkerConfig.from(Settings.of(env).with(overrides)).withS3(s3.settings()));
        running.add(worker);
        worker.start();
        return worker;
    }

    /** Puts an image of class {@code cls} at {@code key}; its event as S3 would report this upload. */
    private Obj upload(String key, int cls) {
        byte[] jpeg = TestImages.jpeg(160, 120, OracleModel.colourOf(cls), cls, 20, 0.9f);
        String etag = s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(jpeg)).eTag();
        return Obj.put(bucket, key, etag.replace("\"", ""), jpeg.length).sequencer(++sequencer);
    }

    /** As MinIO's notify_kafka sends it: keyed bucket/object. */
    private void notify(Obj u) {
        minio.send(new ProducerRecord<>(notifications, bucket + "/" + u.key(), S3Events.minio(u)));
        minio.flush();
    }

    /** uri -> "top_breed etag". */
    private Map<String, String> rows() throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT uri, top_breed, etag FROM predictions")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
            }
        } catch (java.sql.SQLException e) {
            return Map.of(); // the sink has not created its tables yet
        }
        return out;
    }

    private String rowDetail(String key) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT top_breed, etag, sequencer, predicted_at, "
                        + "written_at FROM predictions WHERE uri = 's3://" + bucket + "/" + key + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5);
        }
    }

    /** Committed predictions of a model version on the predictions topic, counted per image. */
    private Map<String, Long> predictionsPerImage(String modelVersion) throws Exception {
        List<Prediction> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = committedReader()) {
            List<TopicPartition> parts = c.partitionsFor(topics.predictions()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    all.add(Json.readPrediction(r.value()));
                }
            }
        }
        return all.stream().filter(p -> p.modelVersion().equals(modelVersion))
                .collect(Collectors.groupingBy(Prediction::imageId, Collectors.counting()));
    }

    private record Queued(String topic, int partition, long offset, ImageRef ref) {}

    /** The committed references on the images topic, with where they are. */
    private List<Queued> queuedReferences() throws Exception {
        List<Queued> out = new ArrayList<>();
        for (String topic : topics.lanes()) {
            for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
                out.add(new Queued(topic, r.partition(), r.offset(), Json.readImageRef(r.value())));
            }
        }
        return out;
    }

    private List<AlreadyLabeled> alreadyLabeledNotices() throws Exception {
        List<AlreadyLabeled> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topics.alreadyLabeled())) {
            out.add(Json.readAlreadyLabeled(r.value()));
        }
        return out;
    }

    /** Every committed record of a topic, from its start to its current end. */
    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = committedReader()) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    private KafkaConsumer<byte[], byte[]> committedReader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
