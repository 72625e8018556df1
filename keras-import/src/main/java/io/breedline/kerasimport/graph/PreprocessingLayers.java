package io.breedline.kerasimport.graph;

import com.fasterxml.jackson.databind.JsonNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;

/**
 * Preprocessing layers a saved image model may contain: Rescaling and Normalization compute; the random
 * augmentation layers pass images through at inference (Keras 2.9 and 3 alike), except RandomCrop, which at
 * inference centre-crops to its aspect ratio and resizes ({@code smart_resize}).
 */
final class PreprocessingLayers {
    /** Keras' {@code backend.epsilon()}, the floor Normalization puts under the standard deviation. */
    static final float EPSILON = 1e-7f;

    private PreprocessingLayers() {}

    static Operand<TFloat32> rescaling(LayerCall call) {
        Ops tf = call.tf();
        Operand<TFloat32> scale = Constants.of(tf, call.config().path("scale"), 1f);
        Operand<TFloat32> offset = Constants.of(tf, call.config().path("offset"), 0f);
        return tf.math.add(tf.math.mul(call.input(), scale), offset);
    }

    /** {@code (x - mean) / max(sqrt(variance), epsilon)}, or its inverse with {@code invert=True}. */
    static Operand<TFloat32> normalization(LayerCall call) {
        Ops tf = call.tf();
        JsonNode axis = call.config().path("axis");
        int keep = axis.isArray() ? (axis.size() == 1 ? axis.get(0).asInt() : Integer.MIN_VALUE) : axis.asInt(-1);
        if (keep != -1 && keep != call.rank() - 1) {
            throw call.refused("expected normalisation over the last axis, found axis " + axis);
        }
        long c = call.channels();
        Operand<TFloat32> mean;
        Operand<TFloat32> variance;
        if (call.config().hasNonNull("mean")) {
            mean = Constants.of(tf, call.config().get("mean"), 0f);
            variance = Constants.of(tf, call.config().get("variance"), 1f);
        } else {
            mean = call.weights().constantAs(tf, "mean", 0, c);
            variance = call.weights().constantAs(tf, "variance", 1, c);
        }
        Operand<TFloat32> std = tf.math.maximum(tf.math.sqrt(variance), tf.constant(EPSILON));
        if (Configs.bool(call, "invert", false)) {
            return tf.math.add(mean, tf.math.mul(call.input(), std));
        }
        return tf.math.div(tf.math.sub(call.input(), mean), std);
    }

    static Operand<TFloat32> inferenceIdentity(LayerCall call) {
        return call.input();
    }

    static Operand<TFloat32> randomCrop(LayerCall call) {
        int height = Configs.ints(call, "height", 1, 0)[0];
        int width = Configs.ints(call, "width", 1, 0)[0];
        long[] in = call.input().shape().asArray();
        if (in.length != 4 || in[1] < 0 || in[2] < 0) {
            throw call.refused("expected an input of known height and width, found " + call.input().shape());
        }
        if (in[1] == height && in[2] == width) {
            return call.input();
        }
        long cropHeight = Math.min(in[1], (long) ((float) in[2] * height / width));
        long cropWidth = Math.min(in[2], (long) ((float) in[1] * width / height));
        long top = (long) ((float) (in[1] - cropHeight) / 2);
        long left = (long) ((float) (in[2] - cropWidth) / 2);
        Ops tf = call.tf();
        Operand<TFloat32> cropped = tf.slice(call.input(), tf.constant(new long[] {0, top, left, 0}),
                tf.constant(new long[] {-1, cropHeight, cropWidth, -1}));
        return tf.image.resizeBilinear(cropped, tf.constant(new int[] {height, width}),
                ResizeBilinear.halfPixelCenters(true));
    }
}
