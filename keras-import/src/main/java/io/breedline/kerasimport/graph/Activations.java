package io.breedline.kerasimport.graph;

import io.breedline.kerasimport.file.ModelFileException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' activation functions by the names its configs use, as Keras 2 and Keras 3 define them. */
final class Activations {
    static final List<String> SUPPORTED = List.of("linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "swish",
            "silu", "hard_swish", "hard_silu", "softmax", "tanh", "softplus", "elu");

    private Activations() {}

    static Operand<TFloat32> apply(Ops tf, String name, Operand<TFloat32> x, boolean keras3, String layer) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> tf.nn.relu(x);
            case "relu6" -> tf.nn.relu6(x);
            case "sigmoid" -> tf.math.sigmoid(x);
            case "hard_sigmoid" -> hardSigmoid(tf, x, keras3);
            case "swish", "silu" -> tf.math.mul(x, tf.math.sigmoid(x));
            // x * relu6(x + 3) / 6, as Keras 3 and MobileNetV3 define it
            case "hard_swish", "hard_silu" -> tf.math.mul(x, hardSigmoid(tf, x, true));
            case "softmax" -> tf.nn.softmax(x);
            case "tanh" -> tf.math.tanh(x);
            case "softplus" -> tf.math.softplus(x);
            case "elu" -> tf.nn.elu(x);
            default -> throw new ModelFileException("layer " + layer + ": unsupported activation '" + name
                    + "'; supported: " + SUPPORTED);
        };
    }

    /** Keras 2: {@code clip(0.2 x + 0.5, 0, 1)}; Keras 3: {@code relu6(x + 3) / 6}. They differ. */
    static Operand<TFloat32> hardSigmoid(Ops tf, Operand<TFloat32> x, boolean keras3) {
        if (keras3) {
            return tf.math.div(tf.nn.relu6(tf.math.add(x, tf.constant(3f))), tf.constant(6f));
        }
        Operand<TFloat32> y = tf.math.add(tf.math.mul(x, tf.constant(0.2f)), tf.constant(0.5f));
        return tf.clipByValue(y, tf.constant(0f), tf.constant(1f));
    }
}
