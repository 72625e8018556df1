package io.breedline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Topics;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code JOB=$(./breedline ingest DIR)}: the launcher's ingest command in its own process with standard output a pipe, not a terminal (as in a script);
 * the first line of standard output is the job id the references carry, whatever is logged.
 */
class IngestStdoutIT {
    @TempDir Path tmp;

    @Test
    void theFirstLineOfStandardOutputIsTheJobId() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        String topic = Names.unique("images");
        kafka.createTopic(topic, 1);
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        for (int i = 0; i < 3; i++) {
            Files.write(photos.resolve("dog-" + i + ".jpg"), new byte[] {1, 2, 3});
        }
        // Logs on standard error, as the shipped logback.xml has them (the tests' own configuration logs to stdout).
        Path logback = Files.writeString(tmp.resolve("logback.xml"), """
                <configuration>
                  <appender name="err" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
                    <encoder><pattern>%msg%n</pattern></encoder></appender>
                  <root level="INFO"><appender-ref ref="err"/></root>
                </configuration>""");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"), io.breedline.cli.Main.class.getName(), "ingest", photos.toString())
                .redirectError(tmp.resolve("stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BREEDLINE_"));
        pb.environment().put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        pb.environment().put(Topics.IMAGES_ENV, topic);
        pb.environment().put("BREEDLINE_OPS_PORT", "0");
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("stderr: %s", Files.readString(tmp.resolve("stderr.txt"))).isZero();

        String first = stdout.lines().findFirst().orElse("");
        List<ConsumerRecord<byte[], byte[]>> records = readAll(kafka.bootstrapServers(), topic, 3);
        assertThat(records).hasSize(3);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ImageRef ref = Json.readImageRef(r.value());
            assertThat(first).as("stdout:%n%s", stdout).isEqualTo(ref.jobId());
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
