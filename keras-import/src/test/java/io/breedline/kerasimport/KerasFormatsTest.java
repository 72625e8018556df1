package io.breedline.kerasimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.tensorflow.TensorFlowRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One model, three files: Keras 2 .h5 with layer_names whole and split into layer_names0..2, and a Keras 3 .keras
 * archive (weights by position under layers/<key>/vars). All import to the same probabilities.
 */
class KerasFormatsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void tensorFlow() {
        TensorFlowRuntime.ensureLoaded();
    }

    @Test
    void h5SplitAttributesAndKerasArchiveImportToTheSameModel() throws IOException {
        TinyKerasFiles tiny = new TinyKerasFiles(11);
        tiny.writeH5(dir.resolve("whole.h5"), false, "[null, 8, 8, 3]");
        tiny.writeH5(dir.resolve("split.h5"), true, "[null, 8, 8, 3]");
        tiny.writeKeras(dir.resolve("tiny.keras"));
        Files.write(dir.resolve("labels.txt"), "a\nb\nc\nd\ne\n".getBytes());

        ImportReport whole = KerasImporter.importModel(dir.resolve("whole.h5"), dir.resolve("m1"),
                Optional.of(dir.resolve("labels.txt")));
        ImportReport split = KerasImporter.importModel(dir.resolve("split.h5"), dir.resolve("m2"), Optional.empty());
        ImportReport keras3 = KerasImporter.importModel(dir.resolve("tiny.keras"), dir.resolve("m3"), Optional.empty());

        long parameters = 3 * 3 * 3 * 4 + 4 + 4 * 4 + 3 * 3 * 4 + 4 * 4 + 4 + 4 * 5 + 5;
        assertThat(whole.parameters()).isEqualTo(parameters);
        assertThat(split.parameters()).isEqualTo(parameters);
        assertThat(keras3.parameters()).isEqualTo(parameters);
        assertThat(keras3.kerasVersion()).isEqualTo("3.3.3");
        assertThat(Files.readAllLines(dir.resolve("m1/labels.txt"))).containsExactly("a", "b", "c", "d", "e");
        assertThat(Files.readAllLines(dir.resolve("m3/labels.txt"))).hasSize(5).startsWith("class_0");

        float[] images = SavedModelRunner.images(4, TinyKerasFiles.SIZE, 3);
        float[] expected = run(dir.resolve("m1"), images);
        assertThat(rowSum(expected, 0)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(EfficientNetFidelityTest.maxDifference(expected, run(dir.resolve("m2"), images))).isZero();
        assertThat(EfficientNetFidelityTest.maxDifference(expected, run(dir.resolve("m3"), images))).isLessThan(1e-6);
        // The weights matter: another seed gives other probabilities, so the equalities above are not vacuous.
        new TinyKerasFiles(12).writeH5(dir.resolve("other.h5"), false, "[null, 8, 8, 3]");
        KerasImporter.importModel(dir.resolve("other.h5"), dir.resolve("m4"), Optional.empty());
        assertThat(EfficientNetFidelityTest.maxDifference(expected, run(dir.resolve("m4"), images))).isGreaterThan(1e-3);
    }

    @Test
    void importingTheSameFileTwiceWritesTheSameGraph() throws IOException {
        new TinyKerasFiles(5).writeH5(dir.resolve("m.h5"), false, "[null, 8, 8, 3]");
        KerasImporter.importModel(dir.resolve("m.h5"), dir.resolve("a"), Optional.empty());
        KerasImporter.importModel(dir.resolve("m.h5"), dir.resolve("b"), Optional.empty());
        assertThat(Files.readAllBytes(dir.resolve("a/saved_model.pb")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/saved_model.pb")));
    }

    private static float[] run(Path model, float[] images) {
        try (SavedModelRunner runner = new SavedModelRunner(model)) {
            return runner.run(images, 4, TinyKerasFiles.SIZE, runner.outputTensor());
        }
    }

    private static double rowSum(float[] p, int row) {
        double sum = 0;
        for (int i = 0; i < TinyKerasFiles.CLASSES; i++) {
            sum += p[row * TinyKerasFiles.CLASSES + i];
        }
        return sum;
    }
}
