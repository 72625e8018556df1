package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker started without {@code BREEDLINE_FILE_ROOTS} reads no local file: whoever can write a reference to the
 * images topic cannot make it open {@code /etc/passwd}, nor an image it could read. Each reference ends as one dead
 * letter whose reason names the variable to set.
 */
class NoFileRootsIT {
    private static final String REASON = ": refused, this worker reads no local files (set BREEDLINE_FILE_ROOTS to the "
            + "folders it may read images from)";

    @Test
    void aWorkerWithoutFileRootsRefusesEveryLocalFileNamingTheVariable(@TempDir Path photos) throws Exception {
        KafkaServer kafka = TestServers.kafka();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("noroots"));
        kafka.createTopic(topics.images(), 1);
        kafka.createTopic(topics.predictions(), 1);
        kafka.createTopic(topics.deadLetters(), 1);
        Path photo = TestImages.write(photos, "rex.png", TestImages.png(16, 16, Color.WHITE));
        List<String> uris = List.of("file:///etc/passwd", "/etc/passwd", photo.toString(), photo.toUri().toString());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String uri : uris) {
                ImageRef ref = ImageRef.of(uri, null, null, null, "job-noroots", Instant.now());
                p.send(new ProducerRecord<>(topics.images(), ref.imageId().getBytes(StandardCharsets.UTF_8),
                        Json.write(ref))).get();
            }
        }
        WorkerConfig config = WorkerConfig.from(Settings.of(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "BREEDLINE_TOPIC_IMAGES", topics.images(),
                "BREEDLINE_TOPIC_PREDICTIONS", topics.predictions(),
                "BREEDLINE_TOPIC_DEAD_LETTERS", topics.deadLetters(),
                "BREEDLINE_GROUP_ID", Names.unique("noroots-workers"),
                "BREEDLINE_WORKER_ID", Names.unique("noroots"),
                "BREEDLINE_MODEL", "/unused/with/an/injected/model",
                "BREEDLINE_MAX_BATCH_DELAY", "50ms")));

        try (ResultReader reader = new ResultReader(kafka.bootstrapServers(), topics);
                Worker worker = new Worker(config, new SleepyModel(Duration.ZERO))) {
            worker.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(worker.failure()).isEmpty();
                reader.poll();
                assertThat(reader.total()).isGreaterThanOrEqualTo(uris.size());
            });
            assertThat(reader.predictions).isEmpty();
            assertThat(reader.deadLetters).hasSize(uris.size());
            assertThat(reader.deadLetters).extracting(d -> d.reference().uri()).containsExactlyInAnyOrderElementsOf(uris);
            assertThat(reader.deadLetters).allSatisfy(d -> {
                assertThat(d.reason()).isEqualTo(d.reference().uri() + REASON);
                assertThat(d.stage()).isEqualTo(FailureStage.FETCH);
                assertThat(d.retriable()).isFalse();
            });
            assertThat(reader.deadLetters).extracting(DeadLetter::reason).noneMatch(r -> r.contains("root:"));
        }
    }
}
