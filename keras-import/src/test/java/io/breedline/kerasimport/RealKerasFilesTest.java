package io.breedline.kerasimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.kerasimport.file.H5Attributes;
import io.breedline.kerasimport.file.KerasFile;
import io.breedline.kerasimport.graph.ImportedLayer;
import io.breedline.tensorflow.TensorFlowRuntime;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three real Keras-written files in {@code shared/keras-samples} (h5py output of Keras 2.1-2.2): their layers and
 * parameter counts as Keras counts them (from the samples' README), their recorded versions. Their layers are not all
 * image-classifier layers, so inspect lists them without building a graph where it cannot.
 */
class RealKerasFilesTest {
    static final Path SAMPLES = Path.of("../../shared/keras-samples");

    @BeforeAll
    static void tensorFlow() {
        TensorFlowRuntime.ensureLoaded();
    }

    @ParameterizedTest
    @CsvSource({
        "batchNormError2.h5, 2.2.4, Model, 5, 16422",
        "cnn2d_64.h5, 2.2.4-tf, Model, 14, 260",
        "wgan_discriminator.h5, 2.1.3, Sequential, 16, 97536",
    })
    void inspectListsLayersAndCountsParametersAsKeras(
            String name, String version, String modelClass, int layers, long parameters) {
        ImportReport report = KerasImporter.inspect(SAMPLES.resolve(name));

        assertThat(report.kerasVersion()).isEqualTo(version);
        assertThat(report.backend()).isEqualTo("tensorflow");
        assertThat(report.modelClass()).isEqualTo(modelClass);
        assertThat(report.parameters()).isEqualTo(parameters);
        // Keras' model_weights lists the layers it saved, in order: the report shows the same ones.
        try (HdfFile hdf = new HdfFile(SAMPLES.resolve(name))) {
            var saved = H5Attributes.strings((Group) hdf.getChild("model_weights"), "layer_names");
            assertThat(saved).hasSize(layers);
            assertThat(report.layers().stream().map(ImportedLayer::name)).containsAll(saved);
        }
    }

    @ParameterizedTest
    @CsvSource({"batchNormError2.h5", "cnn2d_64.h5", "wgan_discriminator.h5"})
    void opensAsKeras2Hdf5WithItsConfig(String name) {
        try (KerasFile file = KerasFile.open(SAMPLES.resolve(name))) {
            assertThat(file.format()).isEqualTo(KerasFile.Format.KERAS2_HDF5);
            assertThat(file.modelConfig().path("class_name").asText()).isIn("Model", "Sequential");
        }
    }
}
