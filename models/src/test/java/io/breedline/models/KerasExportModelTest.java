package io.breedline.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/** The test model has the structure of a Keras TF2 export, and TensorFlow loads and runs it as saved. */
class KerasExportModelTest {
    @TempDir
    Path dir;

    @Test
    void theOutputComesFromACallIntoTheLibraryThatTakesTheVariableHandles() {
        KerasExportModel.build(dir);
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelWriter.TAG)) {
            SignatureDef signature = bundle.metaGraphDef().getSignatureDefOrThrow(SavedModelWriter.SIGNATURE_KEY);
            assertThat(signature.getOutputsOrThrow(SavedModelWriter.OUTPUT_NAME).getName())
                    .isEqualTo(KerasExportModel.CALL + ":0");
            GraphDef graph = bundle.metaGraphDef().getGraphDef();
            Map<String, NodeDef> nodes = graph.getNodeList().stream()
                    .collect(Collectors.toMap(NodeDef::getName, n -> n));
            NodeDef call = nodes.get(KerasExportModel.CALL);
            assertThat(call.getOp()).isEqualTo("StatefulPartitionedCall");
            assertThat(call.getAttrOrThrow("f").getFunc().getName()).isEqualTo(KerasExportModel.WRAPPER);
            assertThat(call.getInputList()).hasSize(1 + KerasExportModel.VARIABLES)
                    .allMatch(in -> in.equals(KerasExportModel.INPUT) || nodes.get(in).getOp().equals("VarHandleOp"));

            Map<String, FunctionDef> library = graph.getLibrary().getFunctionList().stream()
                    .collect(Collectors.toMap(f -> f.getSignature().getName(), f -> f));
            assertThat(library).containsOnlyKeys(KerasExportModel.WRAPPER, KerasExportModel.MODEL_CALL,
                    KerasExportModel.BLOCK, KerasExportModel.SOFTMAX);
            Set<String> modelOps = new HashSet<>();
            library.get(KerasExportModel.MODEL_CALL).getNodeDefList().forEach(n -> modelOps.add(n.getOp()));
            assertThat(modelOps).contains("ReadVariableOp", "Conv2D", "StatefulPartitionedCall", KerasExportModel.SOFTMAX);
        }
    }

    @Test
    void restoresItsVariablesAndOutputsProbabilities() {
        KerasExportModel.build(dir);
        int side = KerasExportModel.IMAGE_SIZE;
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelWriter.TAG);
                TFloat32 images = TFloat32.tensorOf(Shape.of(2, side, side, 3), d -> d.scalars()
                        .forEachIndexed((idx, s) -> s.setFloat(idx[0] == 0 ? 30f : (idx[3] * 100f))));
                Result result = bundle.session().runner()
                        .feed(KerasExportModel.INPUT, images).fetch(KerasExportModel.CALL).run()) {
            TFloat32 probabilities = (TFloat32) result.get(0);
            assertThat(probabilities.shape()).isEqualTo(Shape.of(2, KerasExportModel.labels().size()));
            for (int i = 0; i < 2; i++) {
                double sum = 0;
                for (int c = 0; c < KerasExportModel.labels().size(); c++) {
                    sum += probabilities.getFloat(i, c);
                }
                assertThat(sum).isBetween(0.99999, 1.00001);
            }
            assertThat(probabilities.getFloat(0, 0)).isNotEqualTo(probabilities.getFloat(1, 0));
        }
    }
}
