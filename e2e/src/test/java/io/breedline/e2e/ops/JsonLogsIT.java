package io.breedline.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breedline.clients.ops.LogContext;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Topics;
import io.breedline.models.OracleModel;
import io.breedline.service.Main;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code ./breedline worker} with {@code BREEDLINE_LOG_FORMAT=json}, as its own process with the shipped logback.xml:
 * what it writes to stderr while it labels a photo and dead-letters a broken one must be one JSON object per line, and
 * the lines about an image must carry its job id and image id.
 */
class JsonLogsIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aWorkersLinesAboutAnImageAreJsonWithItsJobAndImageId() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("logs");
        s3.createBucket(bucket);
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("logs"));
        for (String t : List.of(topics.images(), topics.priority(), topics.predictions(), topics.deadLetters())) {
            kafka.createTopic(t, 1);
        }
        String job = Names.unique("job-logs");
        ImageRef good = put(s3, bucket, "dogs/good.jpg", TestImages.jpeg(96, 64, OracleModel.colourOf(3), 3, 10, 0.9f), job);
        ImageRef broken = put(s3, bucket, "dogs/broken.jpg", TestImages.notAnImage(), job);
        // The good photo's event delivered twice: the worker labels it, then skips the repeat (a DEBUG line about it).
        send(kafka, topics, List.of(good, broken, good));
        String group = Names.unique("log-workers");

        Path stderr = tmp.resolve("worker.err");
        Process worker = startWorker(kafka, s3.settings(), topics, group, stderr);
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(worker.isAlive()).as("the worker runs: %s", Files.readString(stderr)).isTrue();
                assertThat(committed(kafka, group, topics.images())).as("all three references done").isEqualTo(3);
            });
        } finally {
            worker.destroy(); // SIGTERM: the worker stops gracefully and flushes its log
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }

        List<String> notJson = new ArrayList<>();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = MAPPER.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                lines.add(node);
            } catch (IOException e) {
                notJson.add(line);
            }
        }
        assertThat(notJson).as("stderr lines that are not JSON").isEmpty();
        assertThat(lines).as("the worker logged").isNotEmpty()
                .allSatisfy(l -> assertThat(l.has("level") && l.has("loggerName") && l.has("formattedMessage"))
                        .as(l.toString()).isTrue());
        assertThat(lines).as("every line about an image names its job")
                .filteredOn(l -> l.path("mdc").has(LogContext.IMAGE_ID))
                .allSatisfy(l -> assertThat(l.path("mdc").path(LogContext.JOB_ID).asText()).as(l.toString()).isEqualTo(job));

        List<JsonNode> aboutBroken = about(lines, broken);
        assertThat(aboutBroken).as("lines about the broken photo").anySatisfy(l -> {
            assertThat(l.path("level").asText()).isEqualTo("WARN");
            assertThat(l.path("formattedMessage").asText()).startsWith("Dead-lettered (DECODE, not retriable)")
                    .contains(broken.uri());
        });
        List<JsonNode> aboutGood = about(lines, good);
        assertThat(aboutGood).as("lines about the labeled photo").isNotEmpty().anySatisfy(l -> {
            assertThat(l.path("level").asText()).isEqualTo("DEBUG");
            assertThat(l.path("formattedMessage").asText()).startsWith("Skipping " + good.uri());
        });
        assertThat(aboutGood).as("the labeled photo is not dead-lettered")
                .noneSatisfy(l -> assertThat(l.path("formattedMessage").asText()).startsWith("Dead-lettered"));
    }

    private static List<JsonNode> about(List<JsonNode> lines, ImageRef ref) {
        return lines.stream().filter(l -> ref.imageId().equals(l.path("mdc").path(LogContext.IMAGE_ID).asText())).toList();
    }

    private static ImageRef put(S3Server s3, String bucket, String key, byte[] bytes, String job) {
        String etag = s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)).eTag();
        return ImageRef.of("s3://" + bucket + "/" + key, etag, null, (long) bytes.length, job, Instant.now());
    }

    private static void send(KafkaServer kafka, Topics topics, List<ImageRef> refs) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ImageRef ref : refs) {
                p.send(new ProducerRecord<>(topics.images(), ref.imageId().getBytes(StandardCharsets.UTF_8),
                        Json.write(ref))).get();
            }
        }
    }

    /**
     * {@code ./breedline worker} in its own JVM. The test class path also holds testkit's logback-test.xml, which
     * logback would prefer: the shipped logback.xml is named explicitly, so the child logs as a deployed worker does.
     */
    private Process startWorker(KafkaServer kafka, S3Settings s3, Topics topics, String group, Path stderr)
            throws IOException {
        URL shipped = Main.class.getResource("/logback.xml");
        assertThat(shipped).as("cli's runtime logback.xml").isNotNull();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + shipped,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("worker.out").toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("BREEDLINE_"));
        // As ./breedline and the image set it: TensorFlow's C++ INFO lines are plain text on stderr, outside logback.
        env.put("TF_CPP_MIN_LOG_LEVEL", "1");
        env.put("BREEDLINE_LOG_FORMAT", "json");
        env.put("BREEDLINE_LOG_LEVEL", "DEBUG");
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PRIORITY_ENV, topics.priority());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put(Topics.LABELED_ENV, topics.labeled());
        env.put("BREEDLINE_GROUP_ID", group);
        env.put("BREEDLINE_MODEL", OracleModel.build(tmp.resolve("oracle")).toString());
        env.put("BREEDLINE_MAX_BATCH_DELAY", "50ms");
        env.put("BREEDLINE_OPS_PORT", "off");
        env.put(S3Settings.ENDPOINT, s3.endpoint().orElseThrow().toString());
        env.put(S3Settings.REGION, s3.region());
        env.put(S3Settings.PATH_STYLE, Boolean.toString(s3.pathStyle()));
        S3Settings.StaticCredentials keys = s3.staticCredentials().orElseThrow();
        env.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
        return pb.start();
    }

    private static long committed(KafkaServer kafka, String group, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata o = offsets.get(new TopicPartition(topic, 0));
            return o == null ? 0 : o.offset();
        }
    }
}
