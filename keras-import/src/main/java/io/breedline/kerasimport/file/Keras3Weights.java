package io.breedline.kerasimport.file;

import io.breedline.kerasimport.spec.LayerSpec;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code model.weights.h5} of a Keras 3 {@code .keras} archive ({@code saving_lib}'s {@code H5IOStore}): a layer's
 * variables are datasets {@code 0, 1, ...} under {@code layers/<key>/vars}, where the key is the snake-cased class
 * name numbered within its container, nested models adding {@code layers/<key>} levels.
 */
final class Keras3Weights implements WeightStore {
    private final Group root;

    Keras3Weights(Group root) {
        this.root = root;
    }

    @Override
    public List<StoredArray> arrays(List<LayerSpec> path) {
        StringBuilder at = new StringBuilder();
        for (LayerSpec layer : path) {
            at.append("layers/").append(layer.storeKey()).append('/');
        }
        Node vars = find(at + "vars");
        if (!(vars instanceof Group group)) {
            return List.of();
        }
        List<StoredArray> out = new ArrayList<>();
        for (int i = 0; group.getChild(Integer.toString(i)) instanceof Dataset dataset; i++) {
            out.add(new StoredArray(at + "vars/" + i, dataset.getDimensionsAsLong(), dataset));
        }
        return out;
    }

    private Node find(String path) {
        try {
            return root.getByPath(path);
        } catch (RuntimeException e) {
            return null; // jhdf throws for a missing path; a layer without variables has none
        }
    }
}
