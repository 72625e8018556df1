package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Schema;
import io.breedline.contracts.Topics;
import io.breedline.models.OracleModel;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The whole worker against real Kafka and S3 with the colour-oracle SavedModel: every image must come back with the
 * label of its own colour, whatever the batch size, and every broken input as a dead letter with its reason.
 */
class WorkerIT {
    private static final Logger log = LoggerFactory.getLogger(WorkerIT.class);
    private static final int IMAGES = 56;
    private static final int PARTITIONS = 3;
    private static final int MAX_IMAGE_BYTES = 100_000;
    /** Per batch size: image name -> top label and its probability, to compare the runs with each other. */
    private static final Map<Integer, Map<String, Prediction>> RUNS = new ConcurrentHashMap<>();

    @TempDir
    static Path shared;

    static Path modelDir;

    @BeforeAll
    static void buildModel() {
        modelDir = OracleModel.build(shared.resolve("oracle"));
    }

    @ParameterizedTest(name = "max batch size {0}")
    @ValueSource(ints = {1, 7, 64})
    void labelsEveryImageWithItsOwnColourAndDeadLettersTheRest(int maxBatchSize, @TempDir Path photos) throws Exception {
        KafkaServer kafka = TestServers.kafka();
        S3Server s3 = TestServers.s3();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("t"));
        kafka.createTopic(topics.images(), PARTITIONS);
        kafka.createTopic(topics.predictions(), 1);
        kafka.createTopic(topics.deadLetters(), 1);
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);

        // Good images, half in S3 and half on disk, of every oracle colour and various sizes.
        Map<String, String> nameByUri = new HashMap<>();
        Map<String, Integer> expectedClass = new HashMap<>();
        List<ImageRef> refs = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            int cls = i % OracleModel.labels().size();
            Color colour = OracleModel.colourOf(cls);
            int w = 40 + (i % 5) * 70;
            int h = 30 + (i % 3) * 90;
            byte[] jpeg = TestImages.jpeg(w, h, colour, i, 25, 0.9f);
            String name = "img-" + i;
            String uri;
            if (i % 2 == 0) {
                s3.client().putObject(b -> b.bucket(bucket).key("dogs/" + name + ".jpg"), RequestBody.fromBytes(jpeg));
                uri = "s3://" + bucket + "/dogs/" + name + ".jpg";
            } else {
                uri = TestImages.write(photos, "dogs/" + name + ".jpg", jpeg).toString();
            }
            nameByUri.put(uri, name);
            expectedClass.put(name, OracleModel.expectedClass(colour.getRed(), colour.getGreen(), colour.getBlue()));
            refs.add(ImageRef.of(uri, null, null, (long) jpeg.length, "job-it", Instant.now()));
        }
        // Broken ones: each must become exactly one dead letter with a reason naming it.
        s3.client().putObject(b -> b.bucket(bucket).key("dogs/note.jpg"), RequestBody.fromBytes(TestImages.notAnImage()));
        // Over BREEDLINE_MAX_IMAGE_BYTES, and the reference does not say its size: refused from Content-Length.
        byte[] huge = TestImages.png(300, 300, Color.GREEN, 3L, 120);
        assertThat(huge.length).isGreaterThan(MAX_IMAGE_BYTES);
        s3.client().putObject(b -> b.bucket(bucket).key("dogs/huge.png"), RequestBody.fromBytes(huge));
        Path truncated = TestImages.write(photos, "dogs/cut.jpg", TestImages.truncatedJpeg(200, 200, Color.RED, 700));
        Map<String, String> brokenReasons = Map.of(
                "s3://" + bucket + "/dogs/missing.jpg", "s3://" + bucket + "/dogs/missing.jpg: no such object",
                photos.resolve("dogs/missing.jpg").toString(), photos.resolve("dogs/missing.jpg") + ": no such file",
                "s3://" + bucket + "/dogs/note.jpg", "s3://" + bucket + "/dogs/note.jpg: not an image this worker can read",
                truncated.toString(), truncated + ": JPEG ",
                "https://example.com/dog.jpg", "https://example.com/dog.jpg: unsupported source",
                "s3://" + bucket + "/dogs/huge.png", "s3://" + bucket + "/dogs/huge.png: refused, " + huge.length
                        + " bytes is more than the limit of " + MAX_IMAGE_BYTES + " (BREEDLINE_MAX_IMAGE_BYTES)");
        Map<String, FailureStage> brokenStages = Map.of(
                "s3://" + bucket + "/dogs/missing.jpg", FailureStage.FETCH,
                photos.resolve("dogs/missing.jpg").toString(), FailureStage.FETCH,
                "s3://" + bucket + "/dogs/note.jpg", FailureStage.DECODE,
                truncated.toString(), FailureStage.DECODE,
                "https://example.com/dog.jpg", FailureStage.FETCH,
                "s3://" + bucket + "/dogs/huge.png", FailureStage.FETCH);
        brokenReasons.keySet().forEach(uri -> refs.add(ImageRef.of(uri, null, null, null, "job-it", Instant.now())));
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] futureSchema = Json.write(new ImageRef(Schema.VERSION + 1, "x", "s3://b/k", null, null, null, "j", Instant.now()));

        Map<TopicPartition, Long> produced = produce(kafka, topics.images(), refs, List.of(notJson, futureSchema));

        Path cache = Files.createDirectories(photos.resolve("cache"));
        Map<String, String> env = new HashMap<>(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "BREEDLINE_TOPIC_IMAGES", topics.images(),
                "BREEDLINE_TOPIC_PREDICTIONS", topics.predictions(),
                "BREEDLINE_TOPIC_DEAD_LETTERS", topics.deadLetters(),
                "BREEDLINE_GROUP_ID", Names.unique("workers"),
                "BREEDLINE_MODEL", modelDir.toString(),
                "BREEDLINE_MAX_BATCH_SIZE", Integer.toString(maxBatchSize),
                "BREEDLINE_MAX_BATCH_DELAY", "100ms",
                "BREEDLINE_FILE_ROOTS", photos.toString(),
                "BREEDLINE_CACHE_DIR", cache.toString()));
        env.put("BREEDLINE_MAX_IMAGE_BYTES", Integer.toString(MAX_IMAGE_BYTES));
        env.put("BREEDLINE_WORKER_ID", Names.unique("it"));
        WorkerConfig config = WorkerConfig.from(Settings.of(env)).withS3(s3.settings());
        int expectedTotal = refs.size() + 2;

        try (ResultReader reader = new ResultReader(kafka.bootstrapServers(), topics);
                Worker worker = new Worker(config)) {
            long t0 = System.nanoTime();
            worker.start();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(worker.failure()).isEmpty();
                reader.poll();
                assertThat(reader.total()).isGreaterThanOrEqualTo(expectedTotal);
            });
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            log.info("Batch size {}: {} images in {} ms ({} images/s), {}", maxBatchSize, expectedTotal, ms,
                    String.format("%.1f", expectedTotal * 1000.0 / ms), worker.stats());
            // Nothing else turns up: no duplicates, no stray messages.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                reader.poll();
                assertThat(reader.total()).isEqualTo(expectedTotal);
            });
            assertCommitted(kafka, config.group().groupId(), produced);

            Map<String, Prediction> byName = new HashMap<>();
            for (Prediction p : reader.predictions) {
                String name = nameByUri.get(p.uri());
                assertThat(name).as("prediction for an image we sent: %s", p.uri()).isNotNull();
                assertThat(byName.put(name, p)).as("one prediction for %s", name).isNull();
                assertThat(p.top().classIndex()).as("top class of %s", name).isEqualTo(expectedClass.get(name));
                assertThat(p.top().breed()).isEqualTo(OracleModel.labels().get(expectedClass.get(name)));
                assertThat(p.top().probability()).isGreaterThan(0.5);
                assertThat(p.topK()).hasSize(5);
                assertThat(p.modelName()).isEqualTo("oracle");
                assertThat(p.modelVersion()).matches("sha256:[0-9a-f]{16}");
                assertThat(p.workerId()).isEqualTo(config.workerId());
                assertThat(p.timings().batchSize()).isBetween(1, maxBatchSize);
            }
            assertThat(byName).hasSize(IMAGES);
            assertThat(reader.predictionKeys).containsExactlyInAnyOrderElementsOf(
                    reader.predictions.stream().map(Prediction::imageId).toList());

            Map<String, DeadLetter> deadByUri = reader.deadLetters.stream().filter(d -> d.reference() != null)
                    .collect(Collectors.toMap(d -> d.reference().uri(), d -> d));
            assertThat(deadByUri.keySet()).containsExactlyInAnyOrderElementsOf(brokenReasons.keySet());
            brokenReasons.forEach((uri, reason) -> {
                DeadLetter d = deadByUri.get(uri);
                assertThat(d.reason()).as(uri).startsWith(reason);
                assertThat(d.stage()).as(uri).isEqualTo(brokenStages.get(uri));
                assertThat(d.imageId()).isEqualTo(ImageRef.of(uri, null, null, null, "j", Instant.now()).imageId());
                assertThat(d.exceptionType()).isNotBlank();
                if (d.stage() == FailureStage.DECODE && uri.equals(truncated.toString())) {
                    assertThat(d.reason()).contains("is truncated or corrupt");
                }
            });
            List<DeadLetter> unreadable = reader.deadLetters.stream().filter(d -> d.reference() == null).toList();
            assertThat(unreadable).hasSize(2).allSatisfy(d -> {
                assertThat(d.stage()).isEqualTo(FailureStage.PARSE);
                assertThat(d.imageId()).startsWith("raw:" + topics.images() + "-");
            });
            assertThat(unreadable).extracting(d -> new String(Base64.getDecoder().decode(d.rawBase64()), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(new String(notJson, StandardCharsets.UTF_8), new String(futureSchema, StandardCharsets.UTF_8));
            assertThat(unreadable).extracting(DeadLetter::reason).anySatisfy(r -> assertThat(r).contains("not valid JSON"))
                    .anySatisfy(r -> assertThat(r).contains("schemaVersion " + (Schema.VERSION + 1)));

            log.info("Batch size {}: mean per image fetch {} ms, decode+resize {} ms, queue wait {} ms, model call {} ms "
                            + "for a mean batch of {}", maxBatchSize,
                    mean(reader.predictions, p -> p.timings().fetchMs()), mean(reader.predictions, p -> p.timings().decodeMs()),
                    mean(reader.predictions, p -> p.timings().queueWaitMs()), mean(reader.predictions, p -> p.timings().inferenceMs()),
                    mean(reader.predictions, p -> p.timings().batchSize()));
            RUNS.put(maxBatchSize, byName);
            RUNS.forEach((otherSize, other) -> byName.forEach((name, p) -> {
                Prediction q = other.get(name);
                assertThat(q.topK()).as("%s with batch size %d vs %d", name, maxBatchSize, otherSize)
                        .usingRecursiveFieldByFieldElementComparatorOnFields("breed", "classIndex")
                        .containsExactlyElementsOf(p.topK());
                assertThat(q.top().probability()).isCloseTo(p.top().probability(), org.assertj.core.data.Offset.offset(1e-5));
            }));
        }
    }

    private static String mean(List<Prediction> predictions, java.util.function.ToDoubleFunction<Prediction> f) {
        return String.format("%.1f", predictions.stream().mapToDouble(f).average().orElse(0));
    }

    private static Map<TopicPartition, Long> produce(KafkaServer kafka, String topic, List<ImageRef> refs, List<byte[]> raw)
            throws Exception {
        Map<TopicPartition, Long> last = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (ImageRef ref : refs) {
                records.add(new ProducerRecord<>(topic, ref.imageId().getBytes(StandardCharsets.UTF_8), Json.write(ref)));
            }
            for (byte[] value : raw) {
                records.add(new ProducerRecord<>(topic, "junk".getBytes(StandardCharsets.UTF_8), value));
            }
            for (ProducerRecord<byte[], byte[]> r : records) {
                var md = p.send(r).get();
                last.merge(new TopicPartition(md.topic(), md.partition()), md.offset() + 1, Math::max);
            }
        }
        return last;
    }

    /** The group's committed offsets reach the end of every partition: everything published was also committed. */
    static void assertCommitted(KafkaServer kafka, String group, Map<TopicPartition, Long> endOffsets) throws Exception {
        try (Admin admin = kafka.admin()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                endOffsets.forEach((tp, end) -> assertThat(committed.get(tp)).as("committed offset of %s", tp)
                        .isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(end));
            });
        }
    }
}
