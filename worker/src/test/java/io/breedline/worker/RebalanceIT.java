package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Topics;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.fakes.SleepyModel;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across rebalances: a second worker joins while the first has a batch in the model (the first gives
 * partitions up mid-batch), then the first stops gracefully with work in flight. Every image is labelled once, and
 * the group's offsets reach the end. Under both of Kafka's group protocols: the classic one (the default) and Kafka 4's
 * consumer protocol (KIP-848, {@code BREEDLINE_KAFKA_GROUP_PROTOCOL=consumer}), whose member epochs the transactional
 * offset commits ({@code sendOffsetsToTransaction} with the consumer's group metadata) must carry.
 */
class RebalanceIT {
    private static final int IMAGES = 80;
    // Slow enough that the first worker still has a batch in the model when it loses partitions and when it stops.
    private static final Duration MODEL_CALL = Duration.ofMillis(800);

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void everyImageIsLabelledExactlyOnceWhileWorkersComeAndGo(String protocol, @TempDir Path photos) throws Exception {
        KafkaServer kafka = TestServers.kafka();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("rebalance"));
        kafka.createTopic(topics.images(), 4);
        kafka.createTopic(topics.predictions(), 1);
        kafka.createTopic(topics.deadLetters(), 1);
        String group = Names.unique("workers");

        Map<TopicPartition, Long> produced = new HashMap<>();
        Set<String> expectedIds = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < IMAGES; i++) {
                Path file = TestImages.write(photos, "img-" + i + ".png", TestImages.png(12, 12, i % 2 == 0 ? Color.BLACK : Color.WHITE));
                ImageRef ref = ImageRef.of(file.toString(), null, null, null, "job-rebalance", Instant.now());
                expectedIds.add(ref.imageId());
                var md = p.send(new ProducerRecord<>(topics.images(), ref.imageId().getBytes(StandardCharsets.UTF_8),
                        Json.write(ref))).get();
                produced.merge(new TopicPartition(md.topic(), md.partition()), md.offset() + 1, Math::max);
            }
        }

        Worker first = new Worker(config(kafka, topics, group, "first", photos, protocol), new SleepyModel(MODEL_CALL));
        try (ResultReader reader = new ResultReader(kafka.bootstrapServers(), topics);
                Worker second = new Worker(config(kafka, topics, group, "second", photos, protocol), new SleepyModel(MODEL_CALL))) {
            first.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(first.stats().predictions()).isGreaterThanOrEqualTo(8));
            second.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(first.stats().revocations()).as("the first worker gave partitions to the second").isPositive();
                assertThat(second.stats().predictions()).isGreaterThanOrEqualTo(4);
            });
            long firstBeforeStop = first.stats().predictions();
            first.close(); // graceful, with records in flight: it publishes what it can, leaves the rest uncommitted
            assertThat(first.failure()).isEmpty();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(second.failure()).isEmpty();
                reader.poll();
                assertThat(reader.predictions).hasSizeGreaterThanOrEqualTo(IMAGES);
            });
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                reader.poll();
                assertThat(reader.predictions).hasSize(IMAGES);
            });
            assertThat(reader.predictions).extracting(Prediction::imageId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expectedIds);
            assertThat(reader.deadLetters).isEmpty();
            assertThat(reader.predictions).extracting(Prediction::workerId).contains(first.workerId(), second.workerId());
            assertThat(first.stats().predictions()).isGreaterThanOrEqualTo(firstBeforeStop);
            assertThat(first.stats().predictions() + second.stats().predictions()).isEqualTo(IMAGES);
            assertThat(second.stats().assignments()).as("initial share, then the first worker's").isGreaterThanOrEqualTo(2);
            WorkerIT.assertCommitted(kafka, group, produced);
        } finally {
            first.close();
        }
    }

    private static WorkerConfig config(KafkaServer kafka, Topics topics, String group, String name, Path photos,
            String protocol) {
        Map<String, String> env = new HashMap<>(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "BREEDLINE_TOPIC_IMAGES", topics.images(),
                "BREEDLINE_TOPIC_PREDICTIONS", topics.predictions(),
                "BREEDLINE_TOPIC_DEAD_LETTERS", topics.deadLetters(),
                "BREEDLINE_GROUP_ID", group,
                "BREEDLINE_MODEL", "/unused/with/an/injected/model",
                "BREEDLINE_MAX_BATCH_SIZE", "4",
                "BREEDLINE_MAX_IN_FLIGHT", "4",
                "BREEDLINE_MAX_BATCH_DELAY", "50ms",
                "BREEDLINE_WORKER_ID", Names.unique(name)));
        env.put("BREEDLINE_SHUTDOWN_TIMEOUT", "10s");
        env.put("BREEDLINE_FILE_ROOTS", photos.toString());
        env.put("BREEDLINE_KAFKA_GROUP_PROTOCOL", protocol);
        return WorkerConfig.from(Settings.of(env));
    }
}
