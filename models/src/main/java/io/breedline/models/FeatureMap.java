package io.breedline.models;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * An NHWC tensor with its static square spatial size and channel count, which the graph builder needs for padding
 * and weight shapes (Keras reads the same from its layers' static shapes).
 */
record FeatureMap(Operand<TFloat32> tensor, int size, int channels) {
    FeatureMap {
        if (size < 1 || channels < 1) {
            throw new IllegalArgumentException("size and channels must be positive, got " + size + "x" + channels);
        }
    }

    FeatureMap with(Operand<TFloat32> next) {
        return new FeatureMap(next, size, channels);
    }
}
