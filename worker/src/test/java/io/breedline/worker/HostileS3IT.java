package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Topics;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.fakes.SleepyModel;
import io.breedline.worker.fetch.FaultyHttpProxy;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The whole worker reading S3 through {@link FaultyHttpProxy} on ONE partition: a key that fails twice is labeled
 * after the retries, a key that always fails becomes one retriable dead letter, and every other image of the
 * partition is labeled, the run taking at most that one key's retry budget longer than a run without faults.
 */
class HostileS3IT {
    private static final Logger log = LoggerFactory.getLogger(HostileS3IT.class);
    private static final int IMAGES = 40;
    private static final int ATTEMPTS = 4;
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    /** Backoff between throttled attempts is at most 1 + 2 + 4 s (full jitter), plus the attempts themselves. */
    private static final Duration RETRY_BUDGET = Duration.ofSeconds(7).plus(ATTEMPT_TIMEOUT.multipliedBy(ATTEMPTS));

    @Test
    void transientS3FailuresAreRetriedAndNeverBlockThePartition() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("flaky");
        s3.createBucket(bucket);
        for (int i = 0; i < IMAGES; i++) {
            Color c = i % 2 == 0 ? Color.WHITE : Color.BLACK;
            byte[] jpeg = TestImages.jpeg(64, 48, c);
            String k = key(i);
            s3.client().putObject(b -> b.bucket(bucket).key(k), RequestBody.fromBytes(jpeg));
        }
        try (FaultyHttpProxy proxy = FaultyHttpProxy.inFrontOf(s3.settings().endpoint().orElseThrow())) {
            long baselineMs = run(kafka, s3, proxy, bucket, "baseline").elapsedMs;

            String flaky = key(5);
            String broken = key(12);
            String reset = key(20);
            int flakyBefore = proxy.requests("/" + flaky);
            int brokenBefore = proxy.requests("/" + broken);
            proxy.fail("/" + flaky, 2, FaultyHttpProxy.status(503, "SlowDown", "Please reduce your request rate."));
            proxy.fail("/" + reset, 2, FaultyHttpProxy.reset());
            proxy.failAlways("/" + broken, FaultyHttpProxy.status(503, "SlowDown", "Please reduce your request rate."));
            Run faulty = run(kafka, s3, proxy, bucket, "faulty");

            String brokenUri = "s3://" + bucket + "/" + broken;
            assertThat(faulty.deadLetters).singleElement().satisfies(d -> {
                assertThat(d.reference().uri()).isEqualTo(brokenUri);
                assertThat(d.stage()).isEqualTo(FailureStage.FETCH);
                assertThat(d.retriable()).isTrue();
                assertThat(d.reason()).isEqualTo(brokenUri + ": the object store failed transiently after " + ATTEMPTS
                        + " attempts (HTTP 503 SlowDown: Please reduce your request rate.); retry later");
            });
            assertThat(faulty.predictions).hasSize(IMAGES - 1);
            assertThat(faulty.predictions).extracting(Prediction::uri)
                    .contains("s3://" + bucket + "/" + flaky, "s3://" + bucket + "/" + reset)
                    .doesNotHaveDuplicates();
            assertThat(proxy.requests("/" + flaky) - flakyBefore).as("requests for the key failing twice").isEqualTo(3);
            assertThat(proxy.requests("/" + broken) - brokenBefore).as("requests for the key always failing").isEqualTo(ATTEMPTS);
            log.info("{} images on one partition: {} ms without faults, {} ms with 2 keys failing twice and 1 always "
                    + "(retry budget {} ms); the dead letter came after {} ms", IMAGES, baselineMs, faulty.elapsedMs,
                    RETRY_BUDGET.toMillis(), faulty.deadLetterMs);
            assertThat(faulty.elapsedMs).as("run with faults vs %d ms without", baselineMs)
                    .isLessThan(baselineMs + RETRY_BUDGET.toMillis() + 3_000);
            System.out.printf("RELIABILITY HostileS3IT: submitted=%d rows=%d deadLetters=%d (retriable) duplicates=0 lost=0 "
                    + "elapsedWithoutFaults=%dms elapsedWithFaults=%dms retryBudget=%dms%n", IMAGES, faulty.predictions.size(),
                    faulty.deadLetters.size(), baselineMs, faulty.elapsedMs, RETRY_BUDGET.toMillis());
        }
    }

    private record Run(long elapsedMs, long deadLetterMs, List<Prediction> predictions, List<DeadLetter> deadLetters) {}

    private static Run run(KafkaServer kafka, S3Server s3, FaultyHttpProxy proxy, String bucket, String name) throws Exception {
        Topics topics = Topics.defaults().withSuffix("." + Names.unique(name));
        kafka.createTopic(topics.images(), 1);
        kafka.createTopic(topics.predictions(), 1);
        kafka.createTopic(topics.deadLetters(), 1);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < IMAGES; i++) {
                ImageRef ref = ImageRef.of("s3://" + bucket + "/" + key(i), null, null, null, "job-" + name, Instant.now());
                p.send(new ProducerRecord<>(topics.images(), ref.imageId().getBytes(StandardCharsets.UTF_8), Json.write(ref)));
            }
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "BREEDLINE_TOPIC_IMAGES", topics.images(),
                "BREEDLINE_TOPIC_PREDICTIONS", topics.predictions(),
                "BREEDLINE_TOPIC_DEAD_LETTERS", topics.deadLetters(),
                "BREEDLINE_GROUP_ID", Names.unique("workers"),
                "BREEDLINE_MODEL", "unused",
                "BREEDLINE_MAX_BATCH_SIZE", "8",
                "BREEDLINE_MAX_BATCH_DELAY", "50ms",
                "BREEDLINE_FETCH_THREADS", "4",
                "BREEDLINE_WORKER_ID", Names.unique("hostile")));
        env.put("BREEDLINE_S3_MAX_ATTEMPTS", Integer.toString(ATTEMPTS));
        env.put("BREEDLINE_S3_API_CALL_ATTEMPT_TIMEOUT", ATTEMPT_TIMEOUT.toMillis() + "ms");
        WorkerConfig fromEnv = WorkerConfig.from(Settings.of(env));
        assertThat(fromEnv.s3().maxAttempts()).isEqualTo(ATTEMPTS);
        assertThat(fromEnv.s3().apiCallAttemptTimeout()).isEqualTo(ATTEMPT_TIMEOUT);
        WorkerConfig config = fromEnv.withS3(s3.settings().withEndpoint(proxy.endpoint())
                .withRetries(ATTEMPTS, ATTEMPT_TIMEOUT, Duration.ofSeconds(60)));
        try (ResultReader reader = new ResultReader(kafka.bootstrapServers(), topics);
                Worker worker = new Worker(config, new SleepyModel(Duration.ZERO))) {
            long t0 = System.nanoTime();
            long[] deadLetterAt = {-1};
            worker.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                assertThat(worker.failure()).isEmpty();
                reader.poll();
                if (deadLetterAt[0] < 0 && !reader.deadLetters.isEmpty()) {
                    deadLetterAt[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                }
                assertThat(reader.total()).isGreaterThanOrEqualTo(IMAGES);
            });
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                reader.poll();
                assertThat(reader.total()).isEqualTo(IMAGES);
            });
            return new Run(ms, deadLetterAt[0], List.copyOf(reader.predictions), List.copyOf(reader.deadLetters));
        }
    }

    private static String key(int i) {
        return "dogs/img-" + i + ".jpg";
    }
}
