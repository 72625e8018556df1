package io.breedline.kerasimport.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.breedline.kerasimport.file.ModelFileException;
import io.breedline.kerasimport.spec.InboundNode;
import io.breedline.kerasimport.spec.LayerSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** One call of a layer while the graph is built: its scope, config, inputs and weights. */
record LayerCall(
        Ops tf, LayerSpec layer, InboundNode node, List<Operand<TFloat32>> inputs, LayerWeights weights,
        boolean keras3) {

    JsonNode config() {
        return layer.config();
    }

    Operand<TFloat32> input() {
        if (inputs.size() != 1) {
            throw refused("expected one input, found " + inputs.size());
        }
        return inputs.get(0);
    }

    long channels() {
        long[] shape = input().shape().asArray();
        return shape[shape.length - 1];
    }

    int rank() {
        return input().shape().numDimensions();
    }

    ModelFileException refused(String reason) {
        return new ModelFileException("layer " + layer.name() + " (" + layer.className() + "): " + reason);
    }
}
