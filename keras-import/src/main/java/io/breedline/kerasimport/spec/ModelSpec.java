package io.breedline.kerasimport.spec;

import java.util.List;
import java.util.Optional;

/** A Keras model's architecture: its layers in config order and which tensors are its inputs and outputs. */
public record ModelSpec(
        String name, String className, List<LayerSpec> layers, List<TensorRef> inputs, List<TensorRef> outputs) {

    public Optional<LayerSpec> layer(String layerName) {
        return layers.stream().filter(l -> l.name().equals(layerName)).findFirst();
    }

    /** Layers of this model and of the models nested in it, depth first. */
    public int layerCountDeep() {
        int n = 0;
        for (LayerSpec l : layers) {
            n += 1 + (l.isModel() ? l.nested().layerCountDeep() : 0);
        }
        return n;
    }
}
