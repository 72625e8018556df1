package io.breedline.kerasimport.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A layer of a Keras model config.
 *
 * @param config the layer's own {@code config} object
 * @param nested the model this layer is, when it is a model (e.g. the original's {@code efficientnetb3}); else null
 * @param storeKey where Keras 3 keeps its weights inside its container ({@code conv2d}, {@code conv2d_1}, ...)
 */
public record LayerSpec(
        String name, String className, JsonNode config, List<InboundNode> inbound, ModelSpec nested, String storeKey) {
    public boolean isModel() {
        return nested != null;
    }
}
