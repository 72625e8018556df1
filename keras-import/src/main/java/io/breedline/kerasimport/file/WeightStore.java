package io.breedline.kerasimport.file;

import io.breedline.kerasimport.spec.LayerSpec;
import java.util.List;

/** Where a model file keeps each layer's weights. */
public interface WeightStore {
    /**
     * The stored arrays of the last layer of {@code path} (the layers from the top-level model down to it), in the
     * order Keras saved them; empty for a layer without weights.
     */
    List<StoredArray> arrays(List<LayerSpec> path);
}
