package io.breedline.models;

import io.breedline.tensorflow.TensorFlowRuntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OracleModelTest {
    private static final int SIDE = SavedModelWriter.IMAGE_SIZE;
    private static final int PIXELS = SIDE * SIDE;

    @TempDir
    static Path dir;

    private static ZooModel<NDList, NDList> model;
    private static Predictor<NDList, NDList> predictor;

    @BeforeAll
    static void buildAndLoad() throws Exception {
        OracleModel.build(dir);
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
    void writesLabelsNextToTheModel() throws Exception {
        assertThat(dir.resolve("saved_model.pb")).isRegularFile();
        assertThat(dir.resolve("variables")).isDirectory();
        assertThat(Files.readAllLines(dir.resolve(SavedModelWriter.LABELS_FILE))).isEqualTo(OracleModel.labels());
        assertThat(OracleModel.labels()).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void expectedClassIsTheNearestPrototype() {
        for (int k = 0; k < OracleModel.labels().size(); k++) {
            Color c = OracleModel.colourOf(k);
            assertThat(OracleModel.expectedClass(c.getRed(), c.getGreen(), c.getBlue())).isEqualTo(k);
        }
        assertThat(OracleModel.labels().get(OracleModel.expectedClass(200, 40, 30))).isEqualTo("red");
        assertThat(OracleModel.labels().get(OracleModel.expectedClass(20, 30, 180))).isEqualTo("blue");
        assertThat(OracleModel.labels().get(OracleModel.expectedClass(220, 230, 90))).isEqualTo("yellow");
        assertThat(OracleModel.labels().get(OracleModel.expectedClass(100, 110, 90))).isEqualTo("black");
        assertThatThrownBy(() -> OracleModel.colourOf(8)).hasMessageContaining("class index 8");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64})
    void eachNoisyPrototypeImageGetsItsOwnClassBack(int batchSize) {
        Random random = new Random(batchSize);
        int[] classes = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            classes[i] = random.nextInt(OracleModel.labels().size());
        }
        float[][] probabilities = predict(noisyImages(classes, random));

        assertThat(probabilities).hasNumberOfRows(batchSize);
        for (int i = 0; i < batchSize; i++) {
            assertThat(probabilities[i]).hasSize(8);
            assertThat(argMax(probabilities[i])).as("image %d", i).isEqualTo(classes[i]);
            assertThat(probabilities[i][classes[i]]).as("image %d", i).isGreaterThan(0.9f);
        }
    }

    @Test
    void arbitraryColoursAgreeWithTheJavaMath() {
        Random random = new Random(42);
        int n = 32;
        float[] batch = new float[n * PIXELS * 3];
        double[][] means = new double[n][3];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < PIXELS; p++) {
                for (int c = 0; c < 3; c++) {
                    float v = random.nextInt(256);
                    batch[(i * PIXELS + p) * 3 + c] = v;
                    means[i][c] += v / PIXELS;
                }
            }
        }
        // Uniform noise averages near mid-grey: skew each image towards a random corner so classes differ.
        for (int i = 0; i < n; i++) {
            Color target = OracleModel.colourOf(random.nextInt(8));
            int[] t = {target.getRed(), target.getGreen(), target.getBlue()};
            for (int c = 0; c < 3; c++) {
                float shift = (t[c] - 127.5f) * 0.4f;
                means[i][c] = 0;
                for (int p = 0; p < PIXELS; p++) {
                    int idx = (i * PIXELS + p) * 3 + c;
                    batch[idx] = Math.min(255, Math.max(0, batch[idx] + shift));
                    means[i][c] += batch[idx] / PIXELS;
                }
            }
        }
        float[][] probabilities = predict(batch);
        for (int i = 0; i < n; i++) {
            assertThat(argMax(probabilities[i]))
                    .as("image %d", i)
                    .isEqualTo(OracleModel.expectedClass(means[i][0], means[i][1], means[i][2]));
        }
    }

    @Test
    void aShuffledBatchGivesDifferentAnswersPerPosition() {
        int[] classes = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] shuffled = {7, 6, 5, 4, 3, 2, 1, 0};
        float[][] original = predict(noisyImages(classes, new Random(1)));
        float[][] mixed = predict(noisyImages(shuffled, new Random(1)));
        for (int i = 0; i < classes.length; i++) {
            assertThat(argMax(mixed[i])).isNotEqualTo(argMax(original[i]));
        }
    }

    private static float[] noisyImages(int[] classes, Random random) {
        float[] batch = new float[classes.length * PIXELS * 3];
        for (int i = 0; i < classes.length; i++) {
            Color c = OracleModel.colourOf(classes[i]);
            int[] rgb = {c.getRed(), c.getGreen(), c.getBlue()};
            for (int p = 0; p < PIXELS; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    float noisy = rgb[ch] + (float) random.nextGaussian() * 25f;
                    batch[(i * PIXELS + p) * 3 + ch] = Math.min(255f, Math.max(0f, noisy));
                }
            }
        }
        return batch;
    }

    private static float[][] predict(float[] batch) {
        int n = batch.length / (PIXELS * 3);
        try (NDManager manager = NDManager.newBaseManager(TensorFlowRuntime.ENGINE)) {
            NDArray input = manager.create(batch, new Shape(n, SIDE, SIDE, 3));
            NDList output = predictor.predict(new NDList(input));
            NDArray probs = output.singletonOrThrow();
            assertThat(probs.getShape()).isEqualTo(new Shape(n, 8));
            float[] flat = probs.toFloatArray();
            float[][] rows = new float[n][8];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * 8, rows[i], 0, 8);
            }
            output.close();
            return rows;
        } catch (ai.djl.translate.TranslateException e) {
            throw new IllegalStateException(e);
        }
    }

    static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
