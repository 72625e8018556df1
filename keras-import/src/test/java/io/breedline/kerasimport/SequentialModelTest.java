package io.breedline.kerasimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.tensorflow.TensorFlowRuntime;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequential models as Keras 2.9 writes them (an object whose layers start with an InputLayer) and as Keras 2.1 did
 * (a bare list, the input shape on the first layer): the same weights import to the same probabilities.
 */
class SequentialModelTest {
    private static final String CONV = "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d\", %s\"filters\": 2,"
            + " \"kernel_size\": [1, 1], \"strides\": [1, 1], \"padding\": \"valid\", \"activation\": \"relu\", \"use_bias\": true}}";
    private static final String REST = "{\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"name\": \"pool\"}},"
            + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3, \"activation\": \"softmax\"}}";

    @TempDir
    Path dir;

    @BeforeAll
    static void tensorFlow() {
        TensorFlowRuntime.ensureLoaded();
    }

    @Test
    void keras29AndKeras21SequentialConfigsImportAlike() {
        String keras29 = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"input_1\", \"batch_input_shape\": [null, 4, 4, 3],"
                + " \"dtype\": \"float32\"}}, " + String.format(CONV, "") + ", " + REST + "]}}";
        String keras21 = "{\"class_name\": \"Sequential\", \"config\": [" + String.format(CONV,
                "\"batch_input_shape\": [null, 4, 4, 3], ") + ", " + REST + "]}";
        write(dir.resolve("new.h5"), keras29, "2.9.0");
        write(dir.resolve("old.h5"), keras21, "2.1.3");

        ImportReport recent = KerasImporter.importModel(dir.resolve("new.h5"), dir.resolve("a"), Optional.empty());
        ImportReport old = KerasImporter.importModel(dir.resolve("old.h5"), dir.resolve("b"), Optional.empty());
        assertThat(recent.parameters()).isEqualTo(old.parameters()).isEqualTo(3 * 2 + 2 + 2 * 3 + 3);
        assertThat(recent.modelClass()).isEqualTo("Sequential");

        float[] images = SavedModelRunner.images(2, 4, 9);
        float[] a;
        float[] b;
        try (SavedModelRunner runner = new SavedModelRunner(dir.resolve("a"))) {
            a = runner.run(images, 2, 4, runner.outputTensor());
        }
        try (SavedModelRunner runner = new SavedModelRunner(dir.resolve("b"))) {
            b = runner.run(images, 2, 4, runner.outputTensor());
        }
        assertThat(a).hasSize(6).isEqualTo(b);
        assertThat(a[0] + a[1] + a[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    private static void write(Path file, String config, String version) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("keras_version", version);
            hdf.putAttribute("backend", "tensorflow");
            hdf.putAttribute("model_config", config);
            WritableGroup weights = hdf.putGroup("model_weights");
            weights.putAttribute("layer_names", new String[] {"conv2d", "pool", "dense"});
            WritableGroup conv = weights.putGroup("conv2d");
            conv.putAttribute("weight_names", new String[] {"conv2d/kernel:0", "conv2d/bias:0"});
            WritableGroup convInner = conv.putGroup("conv2d");
            convInner.putDataset("kernel:0", new float[][][][] {{{{0.01f, -0.02f}, {0.03f, 0.01f}, {-0.01f, 0.02f}}}});
            convInner.putDataset("bias:0", new float[] {0.1f, -0.1f});
            weights.putGroup("pool");
            WritableGroup dense = weights.putGroup("dense");
            dense.putAttribute("weight_names", new String[] {"dense/kernel:0", "dense/bias:0"});
            WritableGroup denseInner = dense.putGroup("dense");
            denseInner.putDataset("kernel:0", new float[][] {{0.5f, -0.5f, 0.2f}, {-0.3f, 0.4f, 0.1f}});
            denseInner.putDataset("bias:0", new float[] {0f, 0.1f, -0.1f});
        }
    }
}
