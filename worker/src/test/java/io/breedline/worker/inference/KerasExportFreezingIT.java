package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.models.KerasExportModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;

/**
 * Freezing a model exported the Keras TF2 way, whose variables are read inside library functions
 * ({@link KerasExportModel}): the functions are inlined, the reads become constants, and the frozen model gives the
 * plain model's probabilities; a model whose function assigns a variable is refused and served as loaded.
 */
class KerasExportFreezingIT {
    private static final Logger log = LoggerFactory.getLogger(KerasExportFreezingIT.class);
    private static final int SIZE = KerasExportModel.IMAGE_SIZE;
    private static final int PER_IMAGE = SIZE * SIZE * 3;
    private static final Set<String> GONE = Set.of("StatefulPartitionedCall", "PartitionedCall", "ReadVariableOp",
            "VarHandleOp", "AssignVariableOp");

    @TempDir
    static Path shared;

    static Path keras;
    static Path assigning;

    @BeforeAll
    static void build() {
        keras = KerasExportModel.build(shared.resolve("keras"));
        assigning = KerasExportModel.buildAssigning(shared.resolve("keras-assigning"));
    }

    @Test
    void theLoaderServesAKerasExportFrozenWithThePlainModelsProbabilities() throws Exception {
        try (BreedModel frozen = ModelLoader.load(spec(keras), true, () -> null);
                DjlBreedModel plain = DjlBreedModel.load(spec(keras), () -> null)) {
            assertThat(frozen).isInstanceOf(FrozenBreedModel.class);
            assertThat(frozen.describe()).startsWith("frozen: " + KerasExportModel.VARIABLES + " variables as constants")
                    .contains("4 function calls inlined");
            assertThat(frozen.labels()).isEqualTo(KerasExportModel.labels());

            float[] pixels = images(6);
            float[][] expected = plain.predict(pixels, 6);
            float[][] actual = frozen.predict(pixels, 6);
            assertThat(maxDifference(expected, actual)).as("max |frozen - plain|").isLessThanOrEqualTo(ModelLoader.TOLERANCE);
            // A batch of one: the same row as in the batch of six.
            assertThat(maxDifference(new float[][] {expected[3]}, frozen.predict(tail(pixels, 3), 1)))
                    .isLessThanOrEqualTo(ModelLoader.TOLERANCE);
            // Not vacuous: real probabilities that depend on the image.
            for (float[] row : expected) {
                double sum = 0;
                for (float p : row) {
                    sum += p;
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
            assertThat(maxDifference(new float[][] {expected[2]}, new float[][] {expected[3]})).isGreaterThan(0.01);
        }
    }

    @Test
    void theFrozenGraphHasNoCallsVariablesOrLibraryLeft() throws Exception {
        try (SavedModelBundle bundle = SavedModelBundle.load(keras.toString(), "serve")) {
            SignatureDef signature = bundle.metaGraphDef().getSignatureDefOrThrow("serving_default");
            String input = signature.getInputsMap().values().iterator().next().getName();
            String output = signature.getOutputsMap().values().iterator().next().getName();
            assertThat(output).isEqualTo(KerasExportModel.CALL + ":0");
            long start = System.nanoTime();
            GraphFreezer.Frozen frozen = GraphFreezer.freeze(bundle.metaGraphDef().getGraphDef(), bundle.graph(),
                    bundle.session(), input, output);
            log.info("Keras-shaped export frozen in {} ms: {} nodes, {} variables, {} calls inlined",
                    (System.nanoTime() - start) / 1_000_000, frozen.graph().getNodeCount(), frozen.constants(),
                    frozen.inlinedCalls());

            Set<String> ops = frozen.graph().getNodeList().stream().map(NodeDef::getOp).collect(Collectors.toSet());
            assertThat(ops).doesNotContainAnyElementsOf(GONE).contains("Conv2D", "MatMul", "Softmax", "Const");
            assertThat(frozen.graph().getLibrary().getFunctionCount()).isZero();
            assertThat(frozen.constants()).isEqualTo(KerasExportModel.VARIABLES);
            assertThat(frozen.inlinedCalls()).isEqualTo(4);
            // The saver's nodes are not needed by the output.
            assertThat(frozen.graph().getNodeList()).noneMatch(n -> n.getName().startsWith("save/"));
        }
    }

    @Test
    void aKerasExportWhoseFunctionAssignsAVariableIsServedAsLoaded() throws Exception {
        try (BreedModel served = ModelLoader.load(spec(assigning), true, () -> null)) {
            assertThat(served).isInstanceOf(DjlBreedModel.class);
            // It runs as it is, assignment and all.
            assertThat(served.predict(images(2), 2)).hasNumberOfRows(2);
        }
        try (DjlBreedModel plain = DjlBreedModel.load(spec(assigning), () -> null)) {
            assertThatThrownBy(() -> FrozenBreedModel.freeze(plain).close())
                    .isInstanceOf(GraphFreezer.NotFreezableException.class)
                    .hasMessageContaining("AssignVariableOp");
        }
    }

    // Noise, a gradient, black, white, a colour cast, and noise again with another seed.
    private static float[] images(int n) {
        float[] pixels = new float[n * PER_IMAGE];
        Random random = new Random(3);
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < PER_IMAGE; i++) {
                int x = i / 3 % SIZE;
                int c = i % 3;
                pixels[k * PER_IMAGE + i] = switch (k % 6) {
                    case 0, 5 -> random.nextInt(256);
                    case 1 -> 255f * x / SIZE;
                    case 2 -> 0;
                    case 3 -> 255;
                    default -> c == 0 ? 200 + random.nextInt(56) : random.nextInt(80);
                };
            }
        }
        return pixels;
    }

    private static float[] tail(float[] pixels, int fromImage) {
        float[] rest = new float[pixels.length - fromImage * PER_IMAGE];
        System.arraycopy(pixels, fromImage * PER_IMAGE, rest, 0, rest.length);
        return rest;
    }

    private static double maxDifference(float[][] a, float[][] b) {
        assertThat(b.length).isEqualTo(a.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).hasSameSizeAs(a[i]);
            for (int c = 0; c < a[i].length; c++) {
                max = Math.max(max, Math.abs((double) a[i][c] - b[i][c]));
            }
        }
        return max;
    }

    private static ModelSpec spec(Path dir) {
        return new ModelSpec(dir.toString(), Optional.empty(), Optional.empty(), Optional.empty(), "serving_default",
                DeviceChoice.parse("cpu"), shared.resolve("cache"));
    }
}
