package io.breedline.kerasimport.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras 2's {@code TFOpLambda}: a TensorFlow function called on a Keras tensor inside a functional model, saved by its
 * name ({@code "function": "math.truediv"}) with the call's other operands in the inbound node's keyword arguments.
 * Keras 2.9's EfficientNet divides by {@code sqrt(IMAGENET_STDDEV_RGB)} this way. Supported: the arithmetic with a
 * constant operand that Keras applications emit.
 */
final class TfOpLambda {
    static final List<String> FUNCTIONS = List.of("math.truediv", "math.divide", "math.multiply",
            "__operators__.add", "math.add", "math.subtract");

    private TfOpLambda() {}

    static Operand<TFloat32> apply(LayerCall call) {
        String function = Configs.string(call, "function", "");
        if (!FUNCTIONS.contains(function)) {
            throw call.refused("unsupported TensorFlow function '" + function + "'; supported: " + FUNCTIONS);
        }
        Ops tf = call.tf();
        JsonNode kwargs = call.node().kwargs();
        Operand<TFloat32> tensor = call.input();
        Operand<TFloat32> left;
        Operand<TFloat32> right;
        if (kwargs.hasNonNull("y")) {
            left = tensor;
            right = Constants.of(tf, kwargs.get("y"), 0f);
        } else if (kwargs.hasNonNull("x")) {
            left = Constants.of(tf, kwargs.get("x"), 0f);
            right = tensor;
        } else {
            throw call.refused("expected the constant operand of " + function + " in the call's arguments (x or y), "
                    + "found " + kwargs);
        }
        return switch (function) {
            case "math.truediv", "math.divide" -> tf.math.div(left, right);
            case "math.multiply" -> tf.math.mul(left, right);
            case "__operators__.add", "math.add" -> tf.math.add(left, right);
            default -> tf.math.sub(left, right);
        };
    }
}
