package io.breedline.kerasimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.kerasimport.file.ModelFileException;
import io.breedline.tensorflow.TensorFlowRuntime;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not importable models are refused with what was expected and what was found; nothing is written. */
class BadKerasFilesTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void tensorFlow() {
        TensorFlowRuntime.ensureLoaded();
    }

    @Test
    void aFileThatIsNeitherHdf5NorZipIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("model.h5"), "not a model");
        assertThatThrownBy(() -> KerasImporter.importModel(text, dir.resolve("out"), Optional.empty()))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(text + ": expected a Keras model file (HDF5 .h5, or a .keras zip archive), found neither "
                        + "(first bytes 6e 6f 74 20 61 20 6d 6f)");
        assertThat(dir.resolve("out")).doesNotExist();
        Path empty = Files.createFile(dir.resolve("empty.h5"));
        assertThatThrownBy(() -> KerasImporter.inspect(empty)).hasMessageEndingWith("found an empty file");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(RealKerasFilesTest.SAMPLES.resolve("batchNormError2.h5"));
        for (int length : new int[] {100, 3000, whole.length / 2}) {
            Path cut = Files.write(dir.resolve("cut" + length + ".h5"), Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> KerasImporter.inspect(cut)).as("cut at %d bytes", length)
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageStartingWith(cut + ": expected a readable HDF5 file, found a truncated");
        }
    }

    @Test
    void aWeightsOnlyFileIsRefused() {
        Path weights = dir.resolve("weights.h5");
        try (WritableHdfFile hdf = HdfFile.write(weights)) {
            // model.save_weights('w.h5') in Keras 2: the weight groups at the root, no model_config.
            hdf.putAttribute("layer_names", new String[] {"dense"});
            hdf.putAttribute("backend", "tensorflow");
            hdf.putAttribute("keras_version", "2.9.0");
            hdf.putGroup("dense").putAttribute("weight_names", new String[] {"dense/kernel:0"});
        }
        assertThatThrownBy(() -> KerasImporter.inspect(weights))
                .hasMessage(weights + ": expected a full Keras model (attribute model_config with the architecture), "
                        + "found a weights-only file (model.save_weights) with 1 layers' weights and no architecture");
    }

    @Test
    void aModelWhoseInputIsNotAnImageIsRefused() {
        Path grey = dir.resolve("grey.h5");
        new TinyKerasFiles(1).writeH5(grey, false, "[null, 8, 8, 1]");
        assertThatThrownBy(() -> KerasImporter.importModel(grey, dir.resolve("out"), Optional.empty()))
                .hasMessage(grey + ": expected an image input [N, H, W, 3] float32, found input input_layer "
                        + "[null,8,8,1] float32");
    }

    @Test
    void labelsThatDoNotMatchTheOutputAreRefused() throws IOException {
        Path model = dir.resolve("m.h5");
        new TinyKerasFiles(1).writeH5(model, false, "[null, 8, 8, 3]");
        Path labels = Files.writeString(dir.resolve("labels.txt"), "a\nb\nc\n");
        assertThatThrownBy(() -> KerasImporter.importModel(model, dir.resolve("out"), Optional.of(labels)))
                .hasMessage(labels + ": expected 5 labels (the model's output has 5 classes), found 3");
    }

    @Test
    void anUnsupportedLayerIsRefusedWithItsNameClassAndTheSupportedList() {
        Path model = RealKerasFilesTest.SAMPLES.resolve("cnn2d_64.h5");
        assertThatThrownBy(() -> KerasImporter.importModel(model, dir.resolve("out"), Optional.empty()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("layer up_sampling2d_72 (UpSampling2D) is not supported; supported: Activation, Add,")
                .hasMessageContaining("DepthwiseConv2D")
                .hasMessageContaining("TFOpLambda");
        assertThat(KerasImporter.inspect(model).importable()).get().asString().contains("UpSampling2D");
    }

    @Test
    void anOutputDirectoryWithFilesInItIsNotOverwritten() throws IOException {
        Path model = dir.resolve("m.h5");
        new TinyKerasFiles(1).writeH5(model, false, "[null, 8, 8, 3]");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> KerasImporter.importModel(model, out, Optional.empty()))
                .hasMessage(out + ": expected an empty or new directory to write the SavedModel to, found one with "
                        + "files in it");
        assertThat(out.resolve("saved_model.pb")).doesNotExist();
    }
}
