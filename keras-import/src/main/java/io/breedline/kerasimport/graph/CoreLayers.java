package io.breedline.kerasimport.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/** Dense, BatchNormalization, Activation, ReLU, Reshape, Flatten and the merge layers. */
final class CoreLayers {
    private CoreLayers() {}

    static Operand<TFloat32> dense(LayerCall call) {
        Ops tf = call.tf();
        int units = Configs.ints(call, "units", 1, 1)[0];
        Operand<TFloat32> x = call.input();
        if (call.rank() != 2) {
            throw call.refused("expected a [N, features] input, found " + x.shape());
        }
        Operand<TFloat32> y = tf.linalg.matMul(x, call.weights().constant(tf, "kernel", 0, call.channels(), units));
        if (Configs.bool(call, "use_bias", true)) {
            y = tf.nn.biasAdd(y, call.weights().constant(tf, "bias", 1, units));
        }
        return Activations.apply(tf, Configs.activation(call, "activation"), y, call.keras3(), call.layer().name());
    }

    /** Inference mode: moving statistics; {@code center}/{@code scale} false leave beta/gamma out of the file. */
    static Operand<TFloat32> batchNorm(LayerCall call) {
        Ops tf = call.tf();
        int rank = call.rank();
        var axisNode = call.config().get("axis");
        int axis = axisNode == null ? -1 : axisNode.isArray() ? axisNode.get(0).asInt() : axisNode.asInt();
        if (axis != -1 && axis != rank - 1) {
            throw call.refused("expected normalisation over the last axis, found axis " + axisNode);
        }
        long c = call.channels();
        float epsilon = (float) Configs.number(call, "epsilon", 1e-3);
        boolean scale = Configs.bool(call, "scale", true);
        boolean center = Configs.bool(call, "center", true);
        int position = 0;
        Operand<TFloat32> gamma = scale ? call.weights().constant(tf, "gamma", position++, c) : ones(tf, c);
        Operand<TFloat32> beta = center ? call.weights().constant(tf, "beta", position++, c) : zeros(tf, c);
        Operand<TFloat32> mean = call.weights().constant(tf, "moving_mean", position++, c);
        Operand<TFloat32> variance = call.weights().constant(tf, "moving_variance", position, c);
        if (rank == 4) {
            return tf.nn.fusedBatchNorm(call.input(), gamma, beta, mean, variance,
                    FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.isTraining(false)).y();
        }
        Operand<TFloat32> inv = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(epsilon))), gamma);
        return tf.math.add(tf.math.mul(call.input(), inv), tf.math.sub(beta, tf.math.mul(mean, inv)));
    }

    static Operand<TFloat32> activation(LayerCall call) {
        return Activations.apply(call.tf(), Configs.activation(call, "activation"), call.input(), call.keras3(),
                call.layer().name());
    }

    /** {@code ReLU(max_value, negative_slope, threshold)}: x above the threshold, a slope below, capped at max. */
    static Operand<TFloat32> relu(LayerCall call) {
        Ops tf = call.tf();
        double maxValue = Configs.number(call, "max_value", Double.NaN);
        float slope = (float) Configs.number(call, "negative_slope", 0);
        float threshold = (float) Configs.number(call, "threshold", 0);
        Operand<TFloat32> x = call.input();
        Operand<TFloat32> y;
        if (slope == 0 && threshold == 0) {
            y = tf.nn.relu(x);
        } else {
            Operand<TFloat32> t = tf.constant(threshold);
            y = tf.select(tf.math.greaterEqual(x, t), x, tf.math.mul(tf.constant(slope), tf.math.sub(x, t)));
        }
        return Double.isNaN(maxValue) ? y : tf.math.minimum(y, tf.constant((float) maxValue));
    }

    static Operand<TFloat32> reshape(LayerCall call) {
        var target = call.config().get("target_shape");
        long[] shape = new long[target.size() + 1];
        shape[0] = -1;
        for (int i = 0; i < target.size(); i++) {
            shape[i + 1] = target.get(i).asLong();
        }
        return call.tf().reshape(call.input(), call.tf().constant(shape));
    }

    static Operand<TFloat32> flatten(LayerCall call) {
        long[] dims = call.input().shape().asArray();
        long n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return call.tf().reshape(call.input(), call.tf().constant(new long[] {-1, n}));
    }

    static Operand<TFloat32> add(LayerCall call) {
        Operand<TFloat32> y = call.inputs().get(0);
        for (Operand<TFloat32> x : call.inputs().subList(1, call.inputs().size())) {
            y = call.tf().math.add(y, x);
        }
        return y;
    }

    static Operand<TFloat32> multiply(LayerCall call) {
        Operand<TFloat32> y = call.inputs().get(0);
        for (Operand<TFloat32> x : call.inputs().subList(1, call.inputs().size())) {
            y = call.tf().math.mul(y, x);
        }
        return y;
    }

    static Operand<TFloat32> subtract(LayerCall call) {
        if (call.inputs().size() != 2) {
            throw call.refused("expected two inputs, found " + call.inputs().size());
        }
        return call.tf().math.sub(call.inputs().get(0), call.inputs().get(1));
    }

    static Operand<TFloat32> average(LayerCall call) {
        Operand<TFloat32> sum = add(call);
        return call.tf().math.div(sum, call.tf().constant((float) call.inputs().size()));
    }

    static Operand<TFloat32> concatenate(LayerCall call) {
        int axis = Configs.ints(call, "axis", 1, -1)[0];
        List<Operand<TFloat32>> inputs = new ArrayList<>(call.inputs());
        int rank = inputs.get(0).shape().numDimensions();
        return call.tf().concat(inputs, call.tf().constant(axis < 0 ? rank + axis : axis));
    }

    private static Operand<TFloat32> ones(Ops tf, long c) {
        return tf.fill(tf.constant(new long[] {c}), tf.constant(1f));
    }

    private static Operand<TFloat32> zeros(Ops tf, long c) {
        return tf.fill(tf.constant(new long[] {c}), tf.constant(0f));
    }
}
