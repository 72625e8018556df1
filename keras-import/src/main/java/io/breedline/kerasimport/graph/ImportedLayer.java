package io.breedline.kerasimport.graph;

import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * One layer as built: nesting depth (0 for the top-level model's layers), shapes, and parameters as Keras counts
 * them (every stored weight, trainable or not).
 */
public record ImportedLayer(String name, String className, int depth, List<Shape> inputShapes, Shape outputShape,
        long parameters) {}
