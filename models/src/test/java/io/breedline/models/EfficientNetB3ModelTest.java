package io.breedline.models;

import io.breedline.tensorflow.TensorFlowRuntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EfficientNetB3ModelTest {
    private static final int SIDE = SavedModelWriter.IMAGE_SIZE;

    @TempDir
    static Path dir;

    private static Duration buildTime;
    private static ZooModel<NDList, NDList> model;
    private static Predictor<NDList, NDList> predictor;

    @BeforeAll
    static void buildAndLoad() throws Exception {
        long start = System.nanoTime();
        EfficientNetB3Model.build(dir, EfficientNetB3Model.SEED_DEFAULT);
        buildTime = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("EfficientNetB3 demo model build took " + buildTime.toMillis() + " ms");
        model = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(dir)
                .optEngine(TensorFlowRuntime.ENGINE)
                .optOption("SignatureDefKey", SavedModelWriter.SIGNATURE_KEY)
                .optOption("Tags", SavedModelWriter.TAG)
                .build()
                .loadModel();
        predictor = model.newPredictor();
    }

    @AfterAll
    static void close() {
        predictor.close();
        model.close();
    }

    @Test
    void parameterCountsEqualKeras() {
        // keras.applications.EfficientNetB3(include_top=False, weights=None).count_params() and Dense(120) on 1536
        assertThat(EfficientNetB3Model.backboneParameterCount()).isEqualTo(10_783_535L);
        assertThat(EfficientNetB3Model.headParameterCount()).isEqualTo(1536L * 120 + 120);
    }

    @Test
    void writesLabelsPropertiesAndVariables() throws Exception {
        assertThat(dir.resolve("saved_model.pb")).isRegularFile();
        assertThat(dir.resolve("variables/variables.index")).isRegularFile();
        assertThat(Files.readAllLines(dir.resolve(SavedModelWriter.LABELS_FILE)))
                .hasSize(120)
                .isEqualTo(EfficientNetB3Model.breeds());
        assertThat(Files.readAllLines(dir.resolve(EfficientNetB3Model.PROPERTIES_FILE)))
                .contains("name=efficientnetb3-demo", "seed=42", "backbone_parameters=10783535");
        // The weights live in variables/, not as constants in the graph.
        assertThat(Files.size(dir.resolve("saved_model.pb"))).isLessThan(5_000_000L);
    }

    @Test
    void batchOfTwoGivesProbabilitiesPerImage() {
        float[][] probabilities = predict(randomImages(2, new Random(7)));
        assertThat(probabilities).hasNumberOfRows(2);
        for (float[] row : probabilities) {
            assertThat(row).hasSize(120);
            double sum = 0;
            for (float p : row) {
                assertThat(Float.isNaN(p)).isFalse();
                assertThat(p).isBetween(0f, 1f);
                sum += p;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-4));
        }
        assertThat(probabilities[0]).isNotEqualTo(probabilities[1]);
        System.out.println("max probabilities: " + max(probabilities[0]) + ", " + max(probabilities[1]));
    }

    @Test
    void batchOfEightTiming() {
        float[] images = randomImages(8, new Random(8));
        predict(images); // warm-up: the first run pays for graph optimisation
        long start = System.nanoTime();
        float[][] probabilities = predict(images);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println("EfficientNetB3 demo model batch of 8 inference took " + millis + " ms");
        assertThat(probabilities).hasNumberOfRows(8);
    }

    private static float max(float[] row) {
        float m = 0;
        for (float p : row) {
            m = Math.max(m, p);
        }
        return m;
    }

    private static float[] randomImages(int n, Random random) {
        float[] batch = new float[n * SIDE * SIDE * 3];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = random.nextInt(256);
        }
        return batch;
    }

    private static float[][] predict(float[] batch) {
        int n = batch.length / (SIDE * SIDE * 3);
        try (NDManager manager = NDManager.newBaseManager(TensorFlowRuntime.ENGINE)) {
            NDArray input = manager.create(batch, new Shape(n, SIDE, SIDE, 3));
            NDList output = predictor.predict(new NDList(input));
            NDArray probs = output.singletonOrThrow();
            assertThat(probs.getShape()).isEqualTo(new Shape(n, 120));
            float[] flat = probs.toFloatArray();
            output.close();
            float[][] rows = new float[n][120];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * 120, rows[i], 0, 120);
            }
            return rows;
        } catch (TranslateException e) {
            throw new IllegalStateException(e);
        }
    }
}
