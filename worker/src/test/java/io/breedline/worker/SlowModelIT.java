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
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model slower than max.poll.interval.ms: the poll thread must keep the worker in its group (no rebalance, nothing
 * read twice) and pause its partitions while the pipeline is full, and still publish every image.
 */
class SlowModelIT {
    private static final Duration MODEL_CALL = Duration.ofSeconds(3);
    private static final int IMAGES = 12;

    @Test
    void aModelSlowerThanThePollIntervalCausesNoRebalanceAndNoDuplicate(@TempDir Path photos) throws Exception {
        KafkaServer kafka = TestServers.kafka();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("slow"));
        kafka.createTopic(topics.images(), 2);
        kafka.createTopic(topics.predictions(), 1);
        kafka.createTopic(topics.deadLetters(), 1);

        Map<TopicPartition, Long> produced = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < IMAGES; i++) {
                Color c = i % 2 == 0 ? Color.BLACK : Color.WHITE;
                Path file = TestImages.write(photos, "img-" + i + ".png", TestImages.png(16, 16, c));
                ImageRef ref = ImageRef.of(file.toString(), null, null, null, "job-slow", Instant.now());
                var md = p.send(new ProducerRecord<>(topics.images(), ref.imageId().getBytes(StandardCharsets.UTF_8),
                        Json.write(ref))).get();
                produced.merge(new TopicPartition(md.topic(), md.partition()), md.offset() + 1, Math::max);
            }
        }

        Map<String, String> env = new HashMap<>(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "BREEDLINE_KAFKA_MAX_POLL_INTERVAL_MS", "2000",
                "BREEDLINE_TOPIC_IMAGES", topics.images(),
                "BREEDLINE_TOPIC_PREDICTIONS", topics.predictions(),
                "BREEDLINE_TOPIC_DEAD_LETTERS", topics.deadLetters(),
                "BREEDLINE_GROUP_ID", Names.unique("slow-workers"),
                "BREEDLINE_MODEL", "/unused/with/an/injected/model",
                "BREEDLINE_MAX_BATCH_SIZE", "4",
                "BREEDLINE_MAX_IN_FLIGHT", "4",
                "BREEDLINE_WORKER_ID", Names.unique("slow")));
        env.put("BREEDLINE_MAX_BATCH_DELAY", "50ms");
        env.put("BREEDLINE_FILE_ROOTS", photos.toString());
        WorkerConfig config = WorkerConfig.from(Settings.of(env));
        SleepyModel model = new SleepyModel(MODEL_CALL);

        try (ResultReader reader = new ResultReader(kafka.bootstrapServers(), topics);
                Worker worker = new Worker(config, model)) {
            worker.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(worker.failure()).isEmpty();
                reader.poll();
                assertThat(reader.predictions).hasSizeGreaterThanOrEqualTo(IMAGES);
            });
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                reader.poll();
                assertThat(reader.predictions).hasSize(IMAGES);
            });

            assertThat(reader.deadLetters).isEmpty();
            assertThat(reader.predictions).extracting(Prediction::imageId).doesNotHaveDuplicates();
            assertThat(reader.predictions).allSatisfy(pr -> assertThat(pr.top().breed())
                    .isEqualTo(pr.uri().matches(".*img-\\d*[02468]\\.png") ? "dark" : "bright"));
            // Every call outlasted max.poll.interval.ms, yet the worker never left its group.
            assertThat(model.calls()).isGreaterThanOrEqualTo(IMAGES / 4);
            assertThat(worker.stats().assignments()).isEqualTo(1);
            assertThat(worker.stats().revocations()).isZero();
            assertThat(worker.stats().losses()).isZero();
            assertThat(worker.stats().failedTransactions()).isZero();
            // 12 records against an in-flight limit of 4: the poll loop had to pause.
            assertThat(worker.stats().pauses()).isPositive();
            WorkerIT.assertCommitted(kafka, config.group().groupId(), produced);
        }
    }
}
