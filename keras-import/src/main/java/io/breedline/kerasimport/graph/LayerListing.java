package io.breedline.kerasimport.graph;

import io.breedline.kerasimport.file.KerasFile;
import io.breedline.kerasimport.file.StoredArray;
import io.breedline.kerasimport.spec.LayerSpec;
import io.breedline.kerasimport.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * The layers of a model and their stored parameter counts, read without building a graph: what {@code model inspect}
 * shows for a model whose layers the importer cannot compute.
 */
public final class LayerListing {
    private LayerListing() {}

    public static List<ImportedLayer> of(KerasFile file, ModelSpec model) {
        List<ImportedLayer> out = new ArrayList<>();
        add(file, model, List.of(), 0, out);
        return List.copyOf(out);
    }

    private static long add(KerasFile file, ModelSpec model, List<LayerSpec> parents, int depth,
            List<ImportedLayer> out) {
        long total = 0;
        for (LayerSpec layer : model.layers()) {
            List<LayerSpec> path = new ArrayList<>(parents);
            path.add(layer);
            int at = out.size();
            long parameters = layer.isModel() ? add(file, layer.nested(), path, depth + 1, out)
                    : file.weights().arrays(path).stream().mapToLong(StoredArray::size).sum();
            out.add(at, new ImportedLayer(layer.name(), layer.className(), depth, List.of(), Shape.unknown(),
                    parameters));
            total += parameters;
        }
        return total;
    }
}
