package io.breedline.kerasimport.file;

import io.breedline.kerasimport.spec.LayerSpec;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code model_weights} group of a Keras 2 HDF5 file ({@code hdf5_format.save_weights_to_hdf5_group}): one group
 * per top-level layer, whose {@code weight_names} attribute lists its datasets by path. A nested model's weights all
 * sit in its one group, named {@code <inner layer>/<weight>:0}, so an inner layer's are those whose owning path
 * segment is its name.
 */
final class Keras2Weights implements WeightStore {
    private final Group modelWeights;
    private final long fileSize;

    Keras2Weights(Group modelWeights, long fileSize) {
        this.modelWeights = modelWeights;
        this.fileSize = fileSize;
    }

    @Override
    public List<StoredArray> arrays(List<LayerSpec> path) {
        String top = path.get(0).name();
        Node node = modelWeights.getChild(top);
        if (!(node instanceof Group group)) {
            return List.of();
        }
        List<StoredArray> all = new ArrayList<>();
        for (String name : H5Attributes.strings(group, "weight_names")) {
            Node child = child(group, name);
            if (!(child instanceof Dataset dataset)) {
                throw new ModelFileException("layer " + top + ": weight_names lists " + name
                        + ", expected a dataset there, found " + (child == null ? "nothing" : child.getType()));
            }
            all.add(checked(new StoredArray(name, dataset.getDimensionsAsLong(), dataset)));
        }
        if (path.size() == 1) {
            return all;
        }
        String inner = path.get(path.size() - 1).name();
        return all.stream().filter(a -> a.ownerSegment().equals(inner)).toList();
    }

    private static Node child(Group group, String path) {
        try {
            return group.getByPath(path);
        } catch (RuntimeException e) {
            return null; // jhdf throws for a missing path
        }
    }

    /** An uncompressed weight can be no larger than the file holding it: a larger one is a damaged header. */
    private StoredArray checked(StoredArray array) {
        long bytes = array.dataset().getSizeInBytes();
        if (bytes < 0 || (array.dataset().getFilters().isEmpty() && bytes > fileSize)) {
            throw new ModelFileException("weight " + array.name() + ": expected at most the file's " + fileSize
                    + " bytes, found a declared size of " + bytes + " bytes (a damaged file)");
        }
        return array;
    }
}
