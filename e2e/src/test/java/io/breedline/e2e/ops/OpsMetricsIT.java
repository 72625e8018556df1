package io.breedline.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.clients.ops.OpsRegistry;
import io.breedline.clients.ops.OpsServer;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Topics;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.fakes.DarkBrightModel;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker and a sink on real Kafka and a real SQLite database, each with its metrics and health endpoints on a free
 * port, scraped over HTTP before and while images flow.
 */
class OpsMetricsIT {
    private static final int GOOD = 24;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void metricsChangeAsImagesFlowAndReadinessFollowsTheModel() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("ops"));
        Map<String, String> env = workerEnv(kafka, topics, "ops", tmp);
        env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("ops-sink"));
        env.put(JdbcTarget.URL, "jdbc:sqlite:" + tmp.resolve("results.db"));
        Settings settings = Settings.of(env);
        GatedModel model = new GatedModel(false);

        try (OpsRegistry workerMetrics = new OpsRegistry("worker");
                OpsRegistry sinkMetrics = new OpsRegistry("sink");
                Worker worker = new Worker(WorkerConfig.from(settings), model, workerMetrics.registry());
                ResultsSink sink = new ResultsSink(SinkConfig.from(settings), sinkMetrics.registry());
                OpsServer workerOps = OpsServer.start(0, workerMetrics, worker);
                OpsServer sinkOps = OpsServer.start(0, sinkMetrics, sink)) {
            assertThat(get(workerOps, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(sinkOps, "/health/ready").body()).contains("sink: not started");
            assertThat(get(workerOps, "/health/live").statusCode()).isEqualTo(200);

            worker.start();
            sink.start();
            // The warm-up call is held: loaded, polling not yet, not ready.
            await().atMost(WAIT).until(() -> model.calls() > 0);
            HttpResponse<String> warming = get(workerOps, "/health/ready");
            assertThat(warming.statusCode()).isEqualTo(503);
            assertThat(warming.body()).contains("model: warming up");
            String before = get(workerOps, "/metrics").body();
            assertThat(value(before, "breedline_worker_images_labeled_total", "")).isEqualTo(0.0);
            assertThat(value(before, "breedline_worker_batch_size_count", "")).isEqualTo(0.0);
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(sinkOps, "/health/ready").statusCode()).isEqualTo(200));

            model.warmUp.countDown();
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(workerOps, "/health/ready").statusCode()).isEqualTo(200));

            sendImages(kafka, topics);

            await().atMost(WAIT).untilAsserted(() -> {
                String m = get(workerOps, "/metrics").body();
                assertThat(value(m, "breedline_worker_images_in_total", "")).isEqualTo(GOOD + 1.0);
                assertThat(value(m, "breedline_worker_images_labeled_total", "")).isEqualTo(GOOD);
                assertThat(value(m, "breedline_worker_images_dead_lettered_total", "reason=\"decode\"")).isEqualTo(1.0);
                assertThat(value(m, "breedline_worker_images_dead_lettered_total", "reason=\"fetch\"")).isEqualTo(0.0);
            });
            String worked = get(workerOps, "/metrics").body();
            assertThat(value(worked, "breedline_worker_batch_size_count", "")).isGreaterThan(0);
            assertThat(value(worked, "breedline_worker_batch_size_sum", "")).isEqualTo(GOOD);
            for (String stage : List.of("fetch", "decode", "queue_wait")) {
                assertThat(value(worked, "breedline_worker_stage_duration_seconds_count", "stage=\"" + stage + "\""))
                        .as(stage).isEqualTo(GOOD);
            }
            assertThat(value(worked, "breedline_worker_stage_duration_seconds_count", "stage=\"publish\"")).isGreaterThan(0);
            assertThat(value(worked, "breedline_worker_stage_duration_seconds_bucket", "stage=\"fetch\"", "le=\"+Inf\""))
                    .as("histogram buckets, for quantiles").isEqualTo(GOOD);
            assertThat(value(worked, "breedline_worker_stage_duration_seconds_count", "stage=\"inference\""))
                    .as("one per model call").isEqualTo(value(worked, "breedline_worker_batch_size_count", ""));
            assertThat(value(before, "breedline_worker_model_busy_share", "")).as("before any image").isZero();
            assertThat(value(worked, "breedline_worker_model_busy_share", "")).as("after the batches")
                    .isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
            assertThat(worked).contains("jvm_memory_used_bytes");
            // Resident memory, the figure for TensorFlow's native memory, must read a number after collections too.
            System.gc();
            for (OpsServer ops : List.of(workerOps, sinkOps)) {
                String m = get(ops, "/metrics").body();
                for (String rss : List.of("process_memory_rss_bytes", "process_memory_rss_peak_bytes")) {
                    assertThat(value(m, rss, "")).as(rss).isNotNaN().isGreaterThan(0.0);
                }
            }
            // Kafka's records-lag, per partition of the images topic, once the refresh has picked it up.
            await().atMost(WAIT).untilAsserted(() -> {
                String m = get(workerOps, "/metrics").body();
                for (int p = 0; p < 2; p++) {
                    assertThat(lag(m, topics.images(), p)).as("lag of partition " + p).isEqualTo(0.0);
                }
                assertThat(m).containsPattern("kafka_consumer_fetch_manager_records_lag\\{[^}]*client_id=\"");
            });

            await().atMost(WAIT).untilAsserted(() -> {
                String m = get(sinkOps, "/metrics").body();
                assertThat(value(m, "breedline_sink_rows_written_total", "kind=\"prediction\"")).isEqualTo(GOOD);
                assertThat(value(m, "breedline_sink_rows_written_total", "kind=\"dead_letter\"")).isEqualTo(1.0);
                assertThat(value(m, "breedline_sink_write_duration_seconds_count", "")).isGreaterThan(0);
            });
            assertThat(worker.failure()).isEmpty();
        }
    }

    /**
     * A backlog the worker cannot take yet shows as records-lag on its partition: the references are all in Kafka
     * before the worker's first fetch, the model holds the first batch, and with {@code BREEDLINE_MAX_IN_FLIGHT} records
     * polled the worker pauses, so the rest wait in Kafka. Once the model is let go the lag falls to 0.
     */
    @Test
    void recordsLagShowsTheBacklogWhileTheModelHoldsAndFallsToZeroOnceItDrains() throws Exception {
        int backlog = 40;
        int maxInFlight = 8;
        KafkaServer kafka = TestServers.kafka();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("lag"));
        Map<String, String> env = workerEnv(kafka, topics, "lag", tmp);
        env.put("BREEDLINE_MAX_IN_FLIGHT", Integer.toString(maxInFlight));
        GatedModel model = new GatedModel(true);

        try (OpsRegistry workerMetrics = new OpsRegistry("worker");
                Worker worker = new Worker(WorkerConfig.from(Settings.of(env)), model, workerMetrics.registry());
                OpsServer workerOps = OpsServer.start(0, workerMetrics, worker)) {
            worker.start();
            await().atMost(WAIT).until(() -> model.calls() > 0); // the warm-up: the consumer has not fetched yet
            List<Path> files = new java.util.ArrayList<>();
            for (int i = 0; i < backlog; i++) {
                files.add(TestImages.write(tmp, "backlog-" + i + ".png",
                        TestImages.png(16, 16, i % 2 == 0 ? Color.BLACK : Color.WHITE)));
            }
            sendTo(kafka, topics, 0, files);
            model.warmUp.countDown();

            await().atMost(WAIT).until(() -> model.calls() > 1); // a batch is in the model, held
            await().atMost(WAIT).untilAsserted(() -> {
                String m = get(workerOps, "/metrics").body();
                // Polls took at least maxInFlight records (at most one poll more), then the partitions were paused.
                assertThat(lag(m, topics.images(), 0)).as("lag of the partition with the backlog")
                        .isPositive().isLessThanOrEqualTo(backlog - maxInFlight);
                assertThat(value(m, "breedline_worker_images_labeled_total", "")).isZero();
            });

            model.labeling.countDown();
            await().atMost(WAIT).untilAsserted(() -> {
                String m = get(workerOps, "/metrics").body();
                assertThat(value(m, "breedline_worker_images_labeled_total", "")).isEqualTo(backlog);
                assertThat(lag(m, topics.images(), 0)).as("lag once drained").isEqualTo(0.0);
            });
            assertThat(worker.failure()).isEmpty();
        }
    }

    /**
     * Each lane has its own lag and intake meters: while the model holds a bulk batch, the bulk backlog shows as the
     * bulk lane's lag (the sum of Kafka's records-lag over that topic's partitions) and the priority lane's is 0; then
     * uploads arrive on the priority lane, and once all is drained both lanes' lags are 0 and each lane counts exactly
     * the records sent to it.
     */
    @Test
    void eachLaneShowsItsOwnLagAndCountsItsOwnRecords() throws Exception {
        int bulk = 40;
        int priority = 6;
        KafkaServer kafka = TestServers.kafka();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("lanes"));
        Map<String, String> env = workerEnv(kafka, topics, "lanes", tmp);
        kafka.createTopic(topics.priority(), 2);
        env.put(Topics.PRIORITY_ENV, topics.priority());
        env.put("BREEDLINE_MAX_IN_FLIGHT", "8");
        GatedModel model = new GatedModel(true);

        try (OpsRegistry workerMetrics = new OpsRegistry("worker");
                Worker worker = new Worker(WorkerConfig.from(Settings.of(env)), model, workerMetrics.registry());
                OpsServer workerOps = OpsServer.start(0, workerMetrics, worker)) {
            worker.start();
            await().atMost(WAIT).until(() -> model.calls() > 0);
            sendTo(kafka, topics.images(), 0, images("bulk", bulk));
            model.warmUp.countDown();

            // A bulk batch is in the model and the rest of the backlog waits in Kafka.
            await().atMost(WAIT).until(() -> model.calls() > 1);
            await().atMost(WAIT).untilAsserted(() -> {
                String m = get(workerOps, "/metrics").body();
                assertThat(laneLag(m, "bulk")).as("bulk lane lag while the model holds").isPositive()
                        .isEqualTo(lag(m, topics.images(), 0) + Math.max(0, lag(m, topics.images(), 1)));
                assertThat(laneLag(m, "priority")).as("priority lane, nothing sent").isZero();
            });
            sendTo(kafka, topics.priority(), 1, images("priority", priority));

            model.labeling.countDown();
            await().atMost(WAIT).untilAsserted(() -> {
                String m = get(workerOps, "/metrics").body();
                assertThat(value(m, "breedline_worker_images_labeled_total", "")).isEqualTo(bulk + priority);
                assertThat(value(m, "breedline_worker_lane_records_consumed_total", "lane=\"bulk\"",
                        "topic=\"" + topics.images() + "\"")).isEqualTo(bulk);
                assertThat(value(m, "breedline_worker_lane_records_consumed_total", "lane=\"priority\"",
                        "topic=\"" + topics.priority() + "\"")).isEqualTo(priority);
                assertThat(laneLag(m, "bulk")).as("bulk lag once drained").isZero();
                assertThat(laneLag(m, "priority")).as("priority lag once drained").isZero();
            });
            assertThat(worker.failure()).isEmpty();
        }
    }

    private List<Path> images(String name, int count) throws Exception {
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(TestImages.write(tmp, name + "-" + i + ".png",
                    TestImages.png(16, 16, i % 2 == 0 ? Color.BLACK : Color.WHITE)));
        }
        return files;
    }

    private static double laneLag(String scrape, String lane) {
        return value(scrape, "breedline_worker_lane_lag", "lane=\"" + lane + "\"");
    }

    private void sendImages(KafkaServer kafka, Topics topics) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < GOOD + 1; i++) {
                Path file = i < GOOD
                        ? TestImages.write(tmp, "img-" + i + ".png", TestImages.png(16, 16, i % 2 == 0 ? Color.BLACK : Color.WHITE))
                        : TestImages.write(tmp, "broken.jpg", TestImages.notAnImage());
                ImageRef ref = ImageRef.of(file.toString(), null, null, null, "job-ops", Instant.now());
                p.send(new ProducerRecord<>(topics.images(), i % 2, ref.imageId().getBytes(StandardCharsets.UTF_8),
                        Json.write(ref))).get();
            }
        }
    }

    /** References to the files, all on one partition of the images topic. */
    private static void sendTo(KafkaServer kafka, Topics topics, int partition, List<Path> files) throws Exception {
        sendTo(kafka, topics.images(), partition, files);
    }

    /** References to the files, all on one partition of {@code topic}. */
    private static void sendTo(KafkaServer kafka, String topic, int partition, List<Path> files) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Path file : files) {
                ImageRef ref = ImageRef.of(file.toString(), null, null, null, "job-lag", Instant.now());
                p.send(new ProducerRecord<>(topic, partition, ref.imageId().getBytes(StandardCharsets.UTF_8),
                        Json.write(ref))).get();
            }
        }
    }

    /** The worker's records-lag on one images partition, or -1 before Kafka has reported it. */
    private static double lag(String scrape, String topic, int partition) {
        String p = "partition=\"" + partition + "\"";
        // Kafka has tagged topics both as named and with '.' as '_': accept either.
        return Math.max(value(scrape, "kafka_consumer_fetch_manager_records_lag", p, "topic=\"" + topic + "\""),
                value(scrape, "kafka_consumer_fetch_manager_records_lag", p, "topic=\"" + topic.replace('.', '_') + "\""));
    }

    /** The value of one sample: the metric with every given label (in any order), or -1 when absent. */
    static double value(String scrape, String metric, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
        while (m.find()) {
            String l = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= label.isEmpty() || l.contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    /** Fresh topics on the broker, and a worker's settings for them (batches of up to 8, 50 ms delay, photos in {@code photos}). */
    private static Map<String, String> workerEnv(KafkaServer kafka, Topics topics, String name, Path photos) {
        kafka.createTopic(topics.images(), 2);
        kafka.createTopic(topics.predictions(), 2);
        kafka.createTopic(topics.deadLetters(), 1);
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PRIORITY_ENV, topics.priority());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put("BREEDLINE_GROUP_ID", Names.unique(name + "-workers"));
        env.put("BREEDLINE_WORKER_ID", Names.unique(name));
        env.put("BREEDLINE_MODEL", "/unused/with/an/injected/model");
        env.put("BREEDLINE_MAX_BATCH_SIZE", "8");
        env.put("BREEDLINE_MAX_BATCH_DELAY", "50ms");
        env.put("BREEDLINE_FILE_ROOTS", photos.toString());
        return env;
    }

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Labels 8x8 images dark or bright; its first call (the worker's warm-up) waits until the test lets it go, and so do
     * the calls after it when the model is built holding labeling.
     */
    private static final class GatedModel extends DarkBrightModel {
        final CountDownLatch warmUp = new CountDownLatch(1);
        final CountDownLatch labeling;

        GatedModel(boolean holdLabeling) {
            super("gated", 8);
            labeling = new CountDownLatch(holdLabeling ? 1 : 0);
        }

        @Override
        protected void beforeCall(int call, float[] pixels, int n) throws InterruptedException {
            if (!warmUp.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the warm-up");
            }
            if (call > 0 && !labeling.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released labeling");
            }
        }
    }
}
