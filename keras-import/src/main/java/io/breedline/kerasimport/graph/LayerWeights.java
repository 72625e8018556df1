package io.breedline.kerasimport.graph;

import io.breedline.kerasimport.file.ModelFileException;
import io.breedline.kerasimport.file.StoredArray;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A layer's stored weights, found by name (Keras 2 names them: {@code kernel:0}) or else by position (Keras 3
 * numbers them in the order the layer created them), and turned into graph constants.
 */
final class LayerWeights {
    private final String layer;
    private final List<StoredArray> arrays;
    private final boolean named;

    LayerWeights(String layer, List<StoredArray> arrays, boolean named) {
        this.layer = layer;
        this.arrays = arrays;
        this.named = named;
    }

    boolean isEmpty() {
        return arrays.isEmpty();
    }

    int count() {
        return arrays.size();
    }

    Optional<StoredArray> find(String name, int position) {
        if (named) {
            return arrays.stream().filter(a -> a.shortName().equals(name)).findFirst();
        }
        return position < arrays.size() ? Optional.of(arrays.get(position)) : Optional.empty();
    }

    StoredArray get(String name, int position) {
        return find(name, position).orElseThrow(() -> new ModelFileException("layer " + layer
                + ": expected a weight '" + name + "', found " + arrays));
    }

    /** The weight as a constant, checked against the shape the layer's config implies. */
    Operand<TFloat32> constant(Ops tf, String name, int position, long... expectedDims) {
        StoredArray array = get(name, position);
        if (expectedDims.length > 0 && !Arrays.equals(array.dims(), expectedDims)) {
            throw new ModelFileException("layer " + layer + ": expected weight " + name + " of shape "
                    + Arrays.toString(expectedDims) + ", found " + Arrays.toString(array.dims()));
        }
        return tf.withName(name).constant(Shape.of(array.dims()), DataBuffers.of(array.floats(), true, false));
    }

    /** A weight reshaped to {@code dims} (Keras 3 keeps Normalization's mean in its broadcast shape, Keras 2 flat). */
    Operand<TFloat32> constantAs(Ops tf, String name, int position, long... dims) {
        StoredArray array = get(name, position);
        float[] values = array.floats();
        if (values.length != Shape.of(dims).size()) {
            throw new ModelFileException("layer " + layer + ": expected weight " + name + " with "
                    + Shape.of(dims).size() + " values, found " + values.length);
        }
        return tf.withName(name).constant(Shape.of(dims), DataBuffers.of(values, true, false));
    }
}
