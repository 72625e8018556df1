package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.worker.fetch.FileRoots;
import io.breedline.worker.inference.DeviceChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    @Test
    void twoModelStreamsKeepThreeBatchesInFlightAndStreamsAreBounded() {
        WorkerConfig two = WorkerConfig.from(settings(Map.of("BREEDLINE_MODEL_STREAMS", "2")));
        assertThat(two.batching().modelStreams()).isEqualTo(2);
        assertThat(two.batching().maxInFlight()).isEqualTo(96);
        assertThatThrownBy(() -> WorkerConfig.from(settings(Map.of("BREEDLINE_MODEL_STREAMS", "0"))))
                .hasMessageContaining("BREEDLINE_MODEL_STREAMS");
        assertThatThrownBy(() -> WorkerConfig.from(settings(Map.of("BREEDLINE_MODEL_STREAMS", "17"))))
                .hasMessageContaining("BREEDLINE_MODEL_STREAMS");
    }

    @Test
    void appliesASavedCalibrationUnlessTurnedOff() {
        assertThat(WorkerConfig.from(settings(Map.of())).model().calibration()).isTrue();
        assertThat(WorkerConfig.from(settings(Map.of("BREEDLINE_CALIBRATION", "false"))).model().calibration()).isFalse();
        assertThatThrownBy(() -> WorkerConfig.from(settings(Map.of("BREEDLINE_CALIBRATION", "maybe"))))
                .hasMessageContaining("BREEDLINE_CALIBRATION");
    }

    @Test
    void defaults() {
        WorkerConfig c = WorkerConfig.from(settings(Map.of()));
        assertThat(c.model().spec().model()).isEqualTo("/models/dogs");
        assertThat(c.group().groupId()).isEqualTo("breedline-workers");
        assertThat(c.group().topics().images()).isEqualTo("breedline.images");
        assertThat(c.model().spec().signature()).isEqualTo("serving_default");
        assertThat(c.batching().maxBatchSize()).isEqualTo(32);
        assertThat(c.batching().maxBatchDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.batching().modelStreams()).isEqualTo(1);
        assertThat(c.batching().maxInFlight()).as("a full batch per stream and one being prepared").isEqualTo(64);
        assertThat(c.intake().fetchThreads()).isEqualTo(16);
        assertThat(c.intake().decodeThreads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        assertThat(c.model().topK()).isEqualTo(5);
        assertThat(c.model().spec().device()).isEqualTo(DeviceChoice.auto());
        assertThat(c.intake().maxImageBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(c.intake().maxImagePixels()).isEqualTo(100_000_000L);
        assertThat(c.intake().fileRoots()).isEqualTo(FileRoots.none());
        assertThat(c.model().spec().labels()).isEmpty();
        assertThat(c.model().spec().name()).isEmpty();
        assertThat(c.model().spec().version()).isEmpty();
        assertThat(c.workerId()).matches("[A-Za-z0-9._-]+");
        assertThat(c.group().transactionalId()).isEqualTo("breedline-worker-" + c.workerId());
    }

    @Test
    void readsEveryVariable() {
        WorkerConfig c = WorkerConfig.from(settings(Map.ofEntries(
                Map.entry("BREEDLINE_GROUP_ID", "g"),
                Map.entry("BREEDLINE_LABELS", "/models/labels.txt"),
                Map.entry("BREEDLINE_MODEL_NAME", "dogs"),
                Map.entry("BREEDLINE_MODEL_VERSION", "v7"),
                Map.entry("BREEDLINE_MODEL_SIGNATURE", "predict"),
                Map.entry("BREEDLINE_MAX_BATCH_SIZE", "8"),
                Map.entry("BREEDLINE_MAX_BATCH_DELAY", "50ms"),
                Map.entry("BREEDLINE_MAX_IN_FLIGHT", "100"),
                Map.entry("BREEDLINE_DECODE_THREADS", "3"),
                Map.entry("BREEDLINE_FETCH_THREADS", "4"),
                Map.entry("BREEDLINE_TOP_K", "2"),
                Map.entry("BREEDLINE_DEVICE", "gpu:1"),
                Map.entry("BREEDLINE_MAX_IMAGE_BYTES", "1000"),
                Map.entry("BREEDLINE_MAX_IMAGE_PIXELS", "2000"),
                Map.entry("BREEDLINE_FILE_ROOTS", "/data"),
                Map.entry("BREEDLINE_WORKER_ID", "w-1"),
                Map.entry("BREEDLINE_CACHE_DIR", "/var/cache/b"),
                Map.entry("BREEDLINE_SHUTDOWN_TIMEOUT", "5s"),
                Map.entry("BREEDLINE_TOPIC_IMAGES", "imgs"),
                Map.entry("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "k:9092"))));
        assertThat(c.group().groupId()).isEqualTo("g");
        assertThat(c.model().spec().labels()).contains(Path.of("/models/labels.txt"));
        assertThat(c.model().spec().name()).contains("dogs");
        assertThat(c.model().spec().version()).contains("v7");
        assertThat(c.model().spec().signature()).isEqualTo("predict");
        assertThat(c.batching().maxBatchSize()).isEqualTo(8);
        assertThat(c.batching().maxBatchDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.batching().maxInFlight()).isEqualTo(100);
        assertThat(c.intake().decodeThreads()).isEqualTo(3);
        assertThat(c.intake().fetchThreads()).isEqualTo(4);
        assertThat(c.model().topK()).isEqualTo(2);
        assertThat(c.model().spec().device()).isEqualTo(new DeviceChoice(DeviceChoice.Kind.GPU, 1));
        assertThat(c.intake().maxImageBytes()).isEqualTo(1000);
        assertThat(c.intake().maxImagePixels()).isEqualTo(2000);
        assertThat(c.intake().fileRoots()).isEqualTo(FileRoots.of(Path.of("/data")));
        assertThat(c.workerId()).isEqualTo("w-1");
        assertThat(c.model().spec().cacheDir()).isEqualTo(Path.of("/var/cache/b"));
        assertThat(c.group().shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.group().topics().images()).isEqualTo("imgs");
        assertThat(c.kafka().bootstrapServers()).isEqualTo("k:9092");
    }

    @Test
    void theModelIsRequired() {
        Map<String, String> env = new HashMap<>();
        assertThatThrownBy(() -> WorkerConfig.from(Settings.of(env))).isInstanceOf(ConfigException.class)
                .hasMessage("BREEDLINE_MODEL is required");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertRefused("BREEDLINE_MAX_BATCH_SIZE", "0", "BREEDLINE_MAX_BATCH_SIZE='0' must be between 1 and 4096");
        assertRefused("BREEDLINE_MAX_BATCH_SIZE", "lots", "BREEDLINE_MAX_BATCH_SIZE='lots' is not a whole number");
        assertRefused("BREEDLINE_MAX_BATCH_DELAY", "soon", "BREEDLINE_MAX_BATCH_DELAY='soon' is not a duration");
        assertRefused("BREEDLINE_MAX_BATCH_DELAY", "2h", "BREEDLINE_MAX_BATCH_DELAY='PT2H' must be between 0 and PT1M");
        assertRefused("BREEDLINE_DEVICE", "tpu", "BREEDLINE_DEVICE='tpu' is not valid: 'tpu' is not a device: use auto, cpu, gpu or gpu:N");
        assertRefused("BREEDLINE_FILE_ROOTS", "photos", "BREEDLINE_FILE_ROOTS='photos' is not valid: 'photos' is not an absolute directory");
        assertRefused("BREEDLINE_WORKER_ID", "a b", "BREEDLINE_WORKER_ID='a b' must be 1 to 200 letters, digits, '.', '_' or '-'");
        assertRefused("BREEDLINE_TOP_K", "0", "BREEDLINE_TOP_K='0' must be between 1 and 100000");
        assertRefused("BREEDLINE_MAX_IMAGE_BYTES", "-1", "BREEDLINE_MAX_IMAGE_BYTES='-1' must be between 1 and 2147483631");
        assertRefused("BREEDLINE_DECODE_THREADS", "0", "BREEDLINE_DECODE_THREADS='0' must be between 1 and 1024");
        assertRefused("BREEDLINE_SHUTDOWN_TIMEOUT", "0s", "BREEDLINE_SHUTDOWN_TIMEOUT='PT0S' must be positive");
        assertRefused("BREEDLINE_TOPIC_IMAGES", "bad topic", "BREEDLINE_TOPIC_IMAGES='bad topic' is not a legal Kafka topic name");
    }

    @Test
    void theInFlightLimitMustHoldABatch() {
        assertThatThrownBy(() -> WorkerConfig.from(settings(Map.of("BREEDLINE_MAX_BATCH_SIZE", "64", "BREEDLINE_MAX_IN_FLIGHT", "10"))))
                .hasMessage("BREEDLINE_MAX_IN_FLIGHT='10' must be at least BREEDLINE_MAX_BATCH_SIZE (64), or batches could never fill");
    }

    @Test
    void aConfigurationBuiltInCodeMeetsTheSameChecks() {
        WorkerConfig c = WorkerConfig.from(settings(Map.of()));
        WorkerConfig.Batching b = c.batching();
        assertThatThrownBy(() -> new WorkerConfig.Batching(0, b.maxBatchDelay(), b.maxInFlight(), b.modelStreams()))
                .isInstanceOf(ConfigException.class).hasMessage("BREEDLINE_MAX_BATCH_SIZE='0' must be between 1 and 4096");
        assertThatThrownBy(() -> new WorkerConfig.Batching(b.maxBatchSize(), b.maxBatchDelay(), b.maxInFlight(), 17))
                .isInstanceOf(ConfigException.class).hasMessage("BREEDLINE_MODEL_STREAMS='17' must be between 1 and 16");
        WorkerConfig.Intake i = c.intake();
        assertThatThrownBy(() -> new WorkerConfig.Intake(i.fetchThreads(), i.decodeThreads(), i.maxImageBytes(),
                i.maxImagePixels(), i.fileRoots(), i.httpAllow(), Duration.ZERO, i.decodeMode(), i.decoding()))
                .isInstanceOf(ConfigException.class).hasMessage("BREEDLINE_HTTP_TIMEOUT='PT0S' must be positive");
        assertThatThrownBy(() -> new WorkerConfig.Model(c.model().spec(), 0))
                .isInstanceOf(ConfigException.class).hasMessage("BREEDLINE_TOP_K='0' must be between 1 and 100000");
        WorkerConfig.Group g = c.group();
        assertThatThrownBy(() -> new WorkerConfig.Group(g.topics(), " ", g.workerId(), g.shutdownTimeout()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BREEDLINE_GROUP_ID");
        WorkerConfig smaller = c.withBatching(new WorkerConfig.Batching(4, Duration.ZERO, 4, 1));
        assertThat(smaller.batching().maxBatchSize()).isEqualTo(4);
        assertThat(smaller.withBatching(b)).isEqualTo(c);
    }

    @Test
    void tensorFlowThreadCountsAreBounded() {
        assertRefused("BREEDLINE_TF_INTRA_OP_THREADS", "-1", "BREEDLINE_TF_INTRA_OP_THREADS='-1' is not valid");
        assertRefused("BREEDLINE_TF_INTER_OP_THREADS", "2000", "BREEDLINE_TF_INTER_OP_THREADS='2000' must be between 0 and 1024");
        WorkerConfig c = WorkerConfig.from(settings(Map.of("BREEDLINE_TF_INTRA_OP_THREADS", "2", "BREEDLINE_TF_INTER_OP_THREADS", "1")));
        assertThat(c.model().spec().threads()).isEqualTo(new io.breedline.worker.inference.SessionThreads(2, 1));
    }

    @Test
    void theDefaultWorkerIdDiffersPerInstance() {
        Settings s = Settings.of(Map.of("HOSTNAME", "node 7"));
        String a = WorkerConfig.defaultWorkerId(s);
        String b = WorkerConfig.defaultWorkerId(s);
        assertThat(a).startsWith("node_7-" + ProcessHandle.current().pid() + "-").isNotEqualTo(b);
    }

    private static void assertRefused(String name, String value, String message) {
        assertThatThrownBy(() -> WorkerConfig.from(settings(Map.of(name, value))))
                .as(name).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    private static Settings settings(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("BREEDLINE_MODEL", "/models/dogs");
        return Settings.of(env);
    }
}
