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
import io.breedline.testkit.ImageTools;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Mutations;
import io.breedline.testkit.Names;
import io.breedline.testkit.SyntheticPhotos;
import io.breedline.testkit.TestServers;
import io.breedline.worker.fakes.SleepyModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEIC, AVIF and WebP photos, good and damaged, through a whole worker against real Kafka: good ones labeled,
 * truncated and corrupt ones dead letters with a reason, a few hundred fuzzed ones each ending as one or the other
 * with the worker still running; and a worker without libheif, whose HEIC and AVIF dead letters say what to install
 * while everything else is labeled.
 */
class HostilePhotosIT {
    private static final int FUZZED = 300;

    @TempDir
    Path dir;
    private final Map<String, byte[]> good = new LinkedHashMap<>();

    @BeforeEach
    void encodePhotos() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        ImageTools.require("avifenc", "libavif-bin");
        ImageTools.require("cwebp", "webp");
        ImageIO.write(SyntheticPhotos.photo(120, 80, 21, false), "png", dir.resolve("src.png").toFile());
        ImageIO.write(SyntheticPhotos.photo(120, 80, 22, true), "png", dir.resolve("alpha.png").toFile());
        ImageTools.run(dir, "heif-enc", "-q", "70", "-o", "photo.heic", "src.png");
        ImageTools.run(dir, "avifenc", "-s", "9", "src.png", "photo.avif");
        ImageTools.run(dir, "cwebp", "-quiet", "-q", "70", "src.png", "-o", "photo.webp");
        ImageTools.run(dir, "cwebp", "-quiet", "-lossless", "src.png", "-o", "lossless.webp");
        ImageTools.run(dir, "cwebp", "-quiet", "-q", "70", "alpha.png", "-o", "alpha.webp");
        ImageIO.write(SyntheticPhotos.photo(120, 80, 23, false), "jpg", dir.resolve("photo.jpg").toFile());
        for (String name : List.of("photo.heic", "photo.avif", "photo.webp", "lossless.webp", "alpha.webp", "photo.jpg")) {
            good.put(name, Files.readAllBytes(dir.resolve(name)));
        }
    }

    @Test
    void goodPhotosAreLabeledDamagedOnesAreDeadLettersAndTheWorkerSurvivesFuzzedOnes() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Map<String, String> expectedReasons = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : good.entrySet()) {
            Files.write(photos.resolve(e.getKey()), e.getValue());
        }
        byte[] heic = good.get("photo.heic");
        byte[] webp = good.get("lossless.webp");
        Files.write(photos.resolve("cut.heic"), java.util.Arrays.copyOf(heic, heic.length / 3));
        expectedReasons.put("cut.heic", "HEIF/HEIC (" + heic.length / 3 + " bytes): ");
        byte[] corruptHeic = heic.clone();
        java.util.Arrays.fill(corruptHeic, 40, Math.min(corruptHeic.length, 400), (byte) 0xEE);
        Files.write(photos.resolve("corrupt.heic"), corruptHeic);
        expectedReasons.put("corrupt.heic", "HEIF/HEIC (" + heic.length + " bytes): ");
        Files.write(photos.resolve("cut.webp"), java.util.Arrays.copyOf(webp, webp.length / 2));
        expectedReasons.put("cut.webp", "WebP data is truncated or corrupt");
        byte[] corruptWebp = webp.clone();
        java.util.Arrays.fill(corruptWebp, 30, corruptWebp.length, (byte) 0x5A);
        Files.write(photos.resolve("corrupt.webp"), corruptWebp);
        expectedReasons.put("corrupt.webp", "WebP data is ");
        Mutations mutations = new Mutations(7);
        List<byte[]> seeds = List.copyOf(good.values());
        for (int i = 0; i < FUZZED; i++) {
            Files.write(photos.resolve(String.format("fuzz-%03d.bin", i)), mutations.mutate(seeds.get(i % seeds.size())));
        }

        Outcomes out = runWorker(photos, Map.of());

        for (String name : good.keySet()) {
            assertThat(out.labeled).as(name).containsKey(photos.resolve(name).toString());
        }
        expectedReasons.forEach((name, reason) -> {
            DeadLetter d = out.dead.get(photos.resolve(name).toString());
            assertThat(d).as(name).isNotNull();
            assertThat(d.stage()).isEqualTo(FailureStage.DECODE);
            assertThat(d.reason()).as(name).startsWith(photos.resolve(name) + ": " + reason);
        });
        long fuzzLabeled = out.labeled.keySet().stream().filter(u -> u.contains("fuzz-")).count();
        long fuzzDead = out.dead.keySet().stream().filter(u -> u.contains("fuzz-")).count();
        System.out.printf("HostilePhotosIT: %d fuzzed files: %d labeled, %d dead letters%n", FUZZED, fuzzLabeled, fuzzDead);
        assertThat(fuzzLabeled + fuzzDead).isEqualTo(FUZZED);
    }

    @Test
    void withoutLibheifHeicAndAvifAreDeadLettersThatSayWhatToInstall() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (Map.Entry<String, byte[]> e : good.entrySet()) {
            Files.write(photos.resolve(e.getKey()), e.getValue());
        }

        Outcomes out = runWorker(photos, Map.of("BREEDLINE_LIBHEIF", "libheif-not-installed.so.1"));

        for (String name : List.of("photo.heic", "photo.avif")) {
            DeadLetter d = out.dead.get(photos.resolve(name).toString());
            assertThat(d).as(name).isNotNull();
            assertThat(d.reason()).contains("need libheif", "apt-get install libheif1");
        }
        for (String name : List.of("photo.webp", "lossless.webp", "alpha.webp", "photo.jpg")) {
            assertThat(out.labeled).as(name).containsKey(photos.resolve(name).toString());
        }
    }

    private record Outcomes(Map<String, Prediction> labeled, Map<String, DeadLetter> dead) {}

    private Outcomes runWorker(Path photos, Map<String, String> extra) throws Exception {
        KafkaServer kafka = TestServers.kafka();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("photos"));
        kafka.createTopic(topics.images(), 2);
        kafka.createTopic(topics.predictions(), 1);
        kafka.createTopic(topics.deadLetters(), 1);
        List<Path> files;
        try (var list = Files.list(photos)) {
            files = list.sorted().toList();
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Path f : files) {
                ImageRef r = ImageRef.of(f.toString(), null, null, null, "job-photos", Instant.now());
                p.send(new ProducerRecord<>(topics.images(), r.imageId().getBytes(StandardCharsets.UTF_8), Json.write(r)));
            }
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "BREEDLINE_TOPIC_IMAGES", topics.images(),
                "BREEDLINE_TOPIC_PREDICTIONS", topics.predictions(),
                "BREEDLINE_TOPIC_DEAD_LETTERS", topics.deadLetters(),
                "BREEDLINE_GROUP_ID", Names.unique("workers"),
                "BREEDLINE_MODEL", "unused",
                "BREEDLINE_MAX_BATCH_DELAY", "50ms",
                "BREEDLINE_FILE_ROOTS", photos.toString(),
                "BREEDLINE_WORKER_ID", Names.unique("photos")));
        env.putAll(extra);
        WorkerConfig config = WorkerConfig.from(Settings.of(env));
        Map<String, Prediction> labeled = new HashMap<>();
        Map<String, DeadLetter> dead = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, Names.unique("reader"),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer());
                Worker worker = new Worker(config, new SleepyModel(Duration.ZERO))) {
            reader.subscribe(List.of(topics.predictions(), topics.deadLetters()));
            worker.start();
            await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
                assertThat(worker.failure()).isEmpty();
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.predictions())) {
                        Prediction pr = Json.readPrediction(r.value());
                        assertThat(labeled.put(pr.uri(), pr)).as("second prediction for " + pr.uri()).isNull();
                    } else {
                        DeadLetter d = Json.readDeadLetter(r.value());
                        assertThat(dead.put(d.reference().uri(), d)).as("second dead letter for " + d.reference().uri()).isNull();
                    }
                }
                assertThat(labeled.size() + dead.size()).isEqualTo(files.size());
            });
            assertThat(worker.failure()).isEmpty();
        }
        return new Outcomes(labeled, dead);
    }
}
