package io.breedline.kerasimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.models.EfficientNetB3Model;
import io.breedline.models.EfficientNetVariant;
import io.breedline.models.KerasModelFiles;
import io.breedline.tensorflow.TensorFlowRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original's architecture at full size: the B3 demo network written as Keras 2.9's .h5, imported with the breed
 * labels, and run against the SavedModel it was written from. An integration test because B3 takes about a minute
 * to build, write and import.
 */
class EfficientNetB3FidelityIT {
    @TempDir
    Path dir;

    @Test
    void importedB3ComputesWhatTheOriginalGraphComputes() throws Exception {
        TensorFlowRuntime.ensureLoaded();
        KerasModelFiles.Written written = KerasModelFiles.efficientNet(dir, EfficientNetVariant.B3, 42,
                EfficientNetB3Model.breeds());
        Path labels = Files.write(dir.resolve("breeds.txt"), EfficientNetB3Model.breeds());
        ImportReport report = KerasImporter.importModel(written.kerasFile(), dir.resolve("imported"),
                Optional.of(labels));

        // The figures for the original model: 10,783,535 in the backbone and 184,440 in the head.
        assertThat(written.backboneParameters()).isEqualTo(10_783_535L);
        assertThat(written.headParameters()).isEqualTo(184_440L);
        assertThat(report.parameters()).isEqualTo(10_783_535L + 184_440L);
        assertThat(report.classes()).isEqualTo(120);
        assertThat(Files.readAllLines(dir.resolve("imported/labels.txt"))).isEqualTo(EfficientNetB3Model.breeds());

        try (SavedModelRunner original = new SavedModelRunner(written.savedModel());
                SavedModelRunner imported = new SavedModelRunner(dir.resolve("imported"))) {
            for (int batch : new int[] {1, 4}) {
                float[] images = SavedModelRunner.images(batch, 256, 100 + batch);
                float[] expected = original.run(images, batch, 256, original.outputTensor());
                float[] actual = imported.run(images, batch, 256, imported.outputTensor());
                assertThat(EfficientNetFidelityTest.maxDifference(expected, actual)).as("batch %d", batch)
                        .isLessThan(EfficientNetFidelityTest.TOLERANCE);
                float[] pooledExpected = original.run(images, batch, 256, "avg_pool/Mean");
                float[] pooledActual = imported.run(images, batch, 256, "global_average_pool_layer/Mean");
                assertThat(EfficientNetFidelityTest.maxDifference(pooledExpected, pooledActual)
                        / EfficientNetFidelityTest.maxAbs(pooledExpected)).isLessThan(EfficientNetFidelityTest.TOLERANCE);
            }
        }
    }
}
