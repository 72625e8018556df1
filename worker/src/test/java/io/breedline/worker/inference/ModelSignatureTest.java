package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

class ModelSignatureTest {

    @Test
    void readsTheInputSizeAndClassesOfAKerasExport() {
        ModelSignature s = ModelSignature.inspect(Map.of("serving_default",
                signature(tensor(DataType.DT_FLOAT, -1, 256, 256, 3), tensor(DataType.DT_FLOAT, -1, 120))), "serving_default");
        assertThat(s).isEqualTo(new ModelSignature("serving_default", "input_layer", "activation", 256, 256, 120));
    }

    @Test
    void openSizesDefaultTo256AndOpenClassesAreLeftToTheWarmUp() {
        ModelSignature s = ModelSignature.inspect(Map.of("k",
                signature(tensor(DataType.DT_FLOAT, -1, -1, -1, 3), tensor(DataType.DT_FLOAT, -1, -1))), "k");
        assertThat(s.height()).isEqualTo(256);
        assertThat(s.width()).isEqualTo(256);
        assertThat(s.classes()).isEqualTo(-1);
    }

    @Test
    void aMissingSignatureIsAnErrorListingTheOthers() {
        Map<String, SignatureDef> defs = Map.of("predict", signature(tensor(DataType.DT_FLOAT, -1, 8, 8, 3), tensor(DataType.DT_FLOAT, -1, 2)));
        assertThatThrownBy(() -> ModelSignature.inspect(defs, "serving_default"))
                .hasMessage("the model has no signature 'serving_default' (BREEDLINE_MODEL_SIGNATURE); it has [predict]");
    }

    @Test
    void refusesAnInputThatIsNotAFloatRgbImageBatch() {
        assertThatThrownBy(() -> ModelSignature.inspect(Map.of("k",
                signature(tensor(DataType.DT_UINT8, -1, 224, 224, 3), tensor(DataType.DT_FLOAT, -1, 2))), "k"))
                .hasMessage("signature 'k': expected input [?,H,W,3] float32, found 'input_layer' [?,224,224,3] uint8");
        assertThatThrownBy(() -> ModelSignature.inspect(Map.of("k",
                signature(tensor(DataType.DT_FLOAT, -1, 3, 224, 224), tensor(DataType.DT_FLOAT, -1, 2))), "k"))
                .hasMessageContaining("expected input [?,H,W,3] float32, found 'input_layer' [?,3,224,224] float");
    }

    @Test
    void refusesAnOutputThatIsNotABatchOfClassScores() {
        assertThatThrownBy(() -> ModelSignature.inspect(Map.of("k",
                signature(tensor(DataType.DT_FLOAT, -1, 8, 8, 3), tensor(DataType.DT_FLOAT, -1, 7, 7, 2))), "k"))
                .hasMessage("signature 'k': expected output [?,C] float, found 'activation' [?,7,7,2] float");
    }

    @Test
    void refusesTheWrongRankChannelsAndTypes() {
        assertThatThrownBy(() -> ModelSignature.inspect(Map.of("k",
                signature(tensor(DataType.DT_FLOAT, -1, 256, 256), tensor(DataType.DT_FLOAT, -1, 2))), "k"))
                .hasMessage("signature 'k': expected input [?,H,W,3] float32, found 'input_layer' [?,256,256] float");
        assertThatThrownBy(() -> ModelSignature.inspect(Map.of("k",
                signature(tensor(DataType.DT_FLOAT, -1, 256, 256, 1), tensor(DataType.DT_FLOAT, -1, 2))), "k"))
                .hasMessage("signature 'k': expected input [?,H,W,3] float32, found 'input_layer' [?,256,256,1] float");
        assertThatThrownBy(() -> ModelSignature.inspect(Map.of("k",
                signature(tensor(DataType.DT_FLOAT, -1, 256, 256, 3), tensor(DataType.DT_INT64, -1))), "k"))
                .hasMessage("signature 'k': expected output [?,C] float, found 'activation' [?] int64");
        assertThatThrownBy(() -> ModelSignature.inspect(Map.of("k",
                signature(tensor(DataType.DT_FLOAT, -1, 256, 256, 3), tensor(DataType.DT_INT32, -1, 5))), "k"))
                .hasMessage("signature 'k': expected output [?,C] float, found 'activation' [?,5] int32");
    }

    @Test
    void refusesSeveralInputsOrOutputs() {
        SignatureDef two = SignatureDef.newBuilder()
                .putInputs("image", tensor(DataType.DT_FLOAT, -1, 256, 256, 3))
                .putInputs("mask", tensor(DataType.DT_FLOAT, -1, 256, 256, 1))
                .putOutputs("activation", tensor(DataType.DT_FLOAT, -1, 2))
                .build();
        assertThatThrownBy(() -> ModelSignature.inspect(Map.of("k", two), "k"))
                .hasMessageStartingWith("signature 'k' must have one input [?,H,W,3] float32, found 2: ");
    }

    private static SignatureDef signature(TensorInfo input, TensorInfo output) {
        return SignatureDef.newBuilder()
                .putInputs("input_layer", input)
                .putOutputs("activation", output)
                .setMethodName("tensorflow/serving/predict")
                .build();
    }

    private static TensorInfo tensor(DataType type, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return TensorInfo.newBuilder().setName("op:0").setDtype(type).setTensorShape(shape).build();
    }
}
