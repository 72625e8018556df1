package io.breedline.kerasimport.graph;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** How one Keras layer class computes at inference time, as TensorFlow ops. */
@FunctionalInterface
interface LayerOp {
    Operand<TFloat32> apply(LayerCall call);
}
