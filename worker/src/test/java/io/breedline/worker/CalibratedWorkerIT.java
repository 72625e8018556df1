package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Calibration;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Topics;
import io.breedline.contracts.calibration.CalibrationStore;
import io.breedline.contracts.calibration.ModelCalibration;
import io.breedline.models.OracleModel;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.inference.ModelVersion;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker serving a model version with a saved calibration applies it; without one, its messages are as before.
 *
 * <p>Worked values: the oracle's logits are S (2 m.p_k - |p_k|^2), S = 10. A photo painted a corner colour gets
 * sigma(S)^3 for its class and sigma(S)^2 sigma(-S) for each neighbour (one channel off); at T = 2 the same with S / 2.
 * A mid-grey photo (m = 128/255 in every channel) has logits within 0.12 of each other: near uniform over 8 classes,
 * its top probability about 1/8 either way, below the saved threshold of 0.5, so "not a dog".
 */
class CalibratedWorkerIT {
    private static final double S = 10;
    private static final double T = 2;
    private static final double THRESHOLD = 0.5;

    @TempDir
    Path tmp;

    static double sigma(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void predictionsCarryRawAndCalibratedTopKAndAnUnknownVerdict() throws Exception {
        Path model = OracleModel.build(tmp.resolve("oracle"));
        String version = ModelVersion.of(model);
        Path calibrated = tmp.resolve("cache-calibrated");
        new CalibrationStore(calibrated).save(new ModelCalibration(ModelCalibration.FORMAT, version, T, "MSP", THRESHOLD,
                0.95, 40, "/dogs", Instant.parse("2026-12-08T03:00:00Z")));
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Path red = TestImages.writePng(photos, "red.png", 64, 48, OracleModel.colourOf(1));
        Path blue = TestImages.writePng(photos, "blue.png", 64, 48, OracleModel.colourOf(4));
        Path grey = TestImages.writePng(photos, "grey.png", 64, 48, new Color(128, 128, 128));
        List<Path> images = List.of(red, blue, grey);

        Map<String, Prediction> withCalibration = run(model, calibrated, photos, images);
        Map<String, Prediction> without = run(model, Files.createDirectories(tmp.resolve("cache-empty")), photos, images);

        for (Path dog : List.of(red, blue)) {
            Prediction p = withCalibration.get(dog.toString());
            Calibration c = p.calibration();
            assertThat(c).as(dog.toString()).isNotNull();
            assertThat(c.temperature()).isEqualTo(T);
            assertThat(c.display()).isEqualTo(Calibration.Display.CALIBRATED);
            // The raw top-k is the model's output, exactly as a worker without calibration reports it.
            assertThat(p.topK()).isEqualTo(without.get(dog.toString()).topK());
            assertThat(p.top().probability()).isCloseTo(Math.pow(sigma(S), 3), within(1e-5));
            // The calibrated one: the same classes, softened.
            assertThat(c.topK()).extracting(BreedScore::classIndex)
                    .containsExactlyElementsOf(p.topK().stream().map(BreedScore::classIndex).toList());
            assertThat(c.topK().get(0).probability()).isCloseTo(Math.pow(sigma(S / T), 3), within(1e-5));
            assertThat(c.topK().get(1).probability())
                    .isCloseTo(Math.pow(sigma(S / T), 2) * sigma(-S / T), within(1e-5));
            assertThat(p.shownTopK()).isEqualTo(c.topK());
            assertThat(c.oodScore()).isEqualTo("MSP");
            assertThat(c.oodValue()).isEqualTo(c.topK().get(0).probability());
            assertThat(c.oodThreshold()).isEqualTo(THRESHOLD);
            assertThat(c.unknown()).isFalse();
            assertThat(p.notADog()).isFalse();
        }
        Prediction notADog = withCalibration.get(grey.toString());
        assertThat(notADog.calibration().oodValue()).isBetween(0.125, 0.2);
        assertThat(notADog.calibration().unknown()).isTrue();
        assertThat(notADog.notADog()).isTrue();
        assertThat(notADog.topK()).hasSize(5);
        assertThat(notADog.calibration().topK()).hasSize(5);

        // Without a calibration file for the version: no calibration field at all, as before calibration existed.
        assertThat(without.values()).hasSize(3).allSatisfy(p -> {
            assertThat(p.calibration()).isNull();
            assertThat(p.shownTopK()).isSameAs(p.topK());
            assertThat(p.notADog()).isFalse();
            assertThat(Json.writeString(p)).doesNotContain("calibration");
        });
    }

    /** Runs a worker with this model cache over the images; its predictions by URI. */
    private static Map<String, Prediction> run(Path model, Path cache, Path photos, List<Path> images) throws Exception {
        KafkaServer kafka = TestServers.kafka();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("cal"));
        kafka.createTopic(topics.images(), 1);
        kafka.createTopic(topics.predictions(), 1);
        kafka.createTopic(topics.deadLetters(), 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Path image : images) {
                ImageRef ref = ImageRef.of(image.toString(), null, null, Files.size(image), "job-cal", Instant.now());
                producer.send(new ProducerRecord<>(topics.images(), ref.imageId().getBytes(StandardCharsets.UTF_8),
                        Json.write(ref))).get();
            }
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "BREEDLINE_TOPIC_IMAGES", topics.images(),
                "BREEDLINE_TOPIC_PREDICTIONS", topics.predictions(),
                "BREEDLINE_TOPIC_DEAD_LETTERS", topics.deadLetters(),
                "BREEDLINE_GROUP_ID", Names.unique("workers"),
                "BREEDLINE_MODEL", model.toString(),
                "BREEDLINE_MAX_BATCH_DELAY", "100ms",
                "BREEDLINE_FILE_ROOTS", photos.toString(),
                "BREEDLINE_CACHE_DIR", cache.toString(),
                "BREEDLINE_DEVICE", "cpu"));
        env.put("BREEDLINE_WORKER_ID", Names.unique("cal"));
        WorkerConfig config = WorkerConfig.from(Settings.of(env));
        try (ResultReader reader = new ResultReader(kafka.bootstrapServers(), topics); Worker worker = new Worker(config)) {
            worker.start();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(worker.failure()).isEmpty();
                reader.poll();
                assertThat(reader.total()).isGreaterThanOrEqualTo(images.size());
            });
            assertThat(reader.deadLetters).isEmpty();
            return reader.predictions.stream().collect(Collectors.toMap(Prediction::uri, p -> p));
        }
    }
}
