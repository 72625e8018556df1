package io.breedline.kerasimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.kerasimport.graph.ImportedLayer;
import io.breedline.models.EfficientNetVariant;
import io.breedline.models.KerasModelFiles;
import io.breedline.tensorflow.TensorFlowRuntime;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own TensorFlow-Java EfficientNet written as the .h5 Keras 2.9 would save for it, imported, and run
 * against the graph it was written from: the same probabilities (and the same pooled features, where a difference
 * would not be hidden by a near-uniform softmax) at several batch sizes, and Keras' parameter counts.
 */
class EfficientNetFidelityTest {
    static final double TOLERANCE = 1e-5;
    @TempDir
    static Path dir;
    static KerasModelFiles.Written written;
    static ImportReport report;

    @BeforeAll
    static void writeAndImport() {
        TensorFlowRuntime.ensureLoaded();
        EfficientNetVariant variant = EfficientNetVariant.B0_SMALL;
        written = KerasModelFiles.efficientNet(dir, variant, 7, KerasModelFiles.classNames(variant.classes()));
        report = KerasImporter.importModel(written.kerasFile(), dir.resolve("imported"), Optional.empty());
    }

    @Test
    void parameterCountsAreKeras() {
        // keras.applications.EfficientNetB0(include_top=False) has 4,049,571 parameters (Keras' documentation).
        assertThat(written.backboneParameters()).isEqualTo(4_049_571L);
        assertThat(layer("efficientnetb0").parameters()).isEqualTo(written.backboneParameters());
        assertThat(layer("dense").parameters()).isEqualTo(written.headParameters()).isEqualTo(1280L * 10 + 10);
        assertThat(report.parameters()).isEqualTo(written.backboneParameters() + written.headParameters());
        assertThat(report.classes()).isEqualTo(10);
        assertThat(layer("tf.math.truediv").className()).isEqualTo("TFOpLambda");
    }

    @Test
    void importedModelComputesWhatTheOriginalGraphComputes() {
        int size = EfficientNetVariant.B0_SMALL.imageSize();
        try (SavedModelRunner original = new SavedModelRunner(written.savedModel());
                SavedModelRunner imported = new SavedModelRunner(dir.resolve("imported"))) {
            for (int batch : new int[] {1, 3, 8}) {
                float[] images = SavedModelRunner.images(batch, size, batch);
                float[] expected = original.run(images, batch, size, original.outputTensor());
                float[] actual = imported.run(images, batch, size, imported.outputTensor());
                assertThat(actual).hasSameSizeAs(expected).hasSize(batch * 10);
                assertThat(maxDifference(expected, actual)).as("probabilities, batch %d", batch).isLessThan(TOLERANCE);

                float[] pooledExpected = original.run(images, batch, size, "avg_pool/Mean");
                float[] pooledActual = imported.run(images, batch, size, "global_average_pool_layer/Mean");
                double scale = maxAbs(pooledExpected);
                assertThat(scale).as("pooled features carry signal").isGreaterThan(0);
                assertThat(maxDifference(pooledExpected, pooledActual) / scale).as("pooled features, batch %d", batch)
                        .isLessThan(TOLERANCE);
            }
        }
    }

    private static ImportedLayer layer(String name) {
        return report.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
