package io.breedline.models;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * The Keras layers EfficientNet is made of, as inference-only graph ops with Keras' variable names and shapes
 * ({@code <layer>/kernel}, {@code <layer>/gamma}, ...), so the parameter count matches Keras layer for layer.
 */
final class Layers {
    /** Keras' {@code BatchNormalization} default, which EfficientNet does not override. */
    static final float BATCH_NORM_EPSILON = 1e-3f;

    private final Ops tf;
    private final Weights weights;

    Layers(Ops tf, Weights weights) {
        this.tf = tf;
        this.weights = weights;
    }

    /** {@code Conv2D(filters, kernel, strides, padding, use_bias)} with He-normal kernels and zero biases. */
    FeatureMap conv(String name, FeatureMap in, int filters, int kernel, int stride, Padding padding, boolean bias) {
        Ops scope = tf.withSubScope(name);
        Operand<TFloat32> k = weights.variable(scope, "kernel", Shape.of(kernel, kernel, in.channels(), filters),
                Init.heNormal((long) kernel * kernel * in.channels()));
        Operand<TFloat32> y = scope.nn.conv2d(in.tensor(), k, strides(stride), padding.name());
        if (bias) {
            y = scope.nn.biasAdd(y, weights.variable(scope, "bias", Shape.of(filters), Init.constant(0f)));
        }
        return new FeatureMap(y, padding.outputSize(in.size(), kernel, stride), filters);
    }

    /** {@code DepthwiseConv2D(kernel, strides, padding, use_bias=False)}. */
    FeatureMap depthwiseConv(String name, FeatureMap in, int kernel, int stride, Padding padding) {
        Ops scope = tf.withSubScope(name);
        // Each output sees kernel*kernel inputs, so that is the fan-in that keeps activations at unit scale.
        Operand<TFloat32> k = weights.variable(scope, "depthwise_kernel", Shape.of(kernel, kernel, in.channels(), 1),
                Init.heNormal((long) kernel * kernel));
        Operand<TFloat32> y = scope.nn.depthwiseConv2dNative(in.tensor(), k, strides(stride), padding.name());
        return new FeatureMap(y, padding.outputSize(in.size(), kernel, stride), in.channels());
    }

    /** {@code BatchNormalization(axis=3)} in inference mode: gamma, beta, moving mean and moving variance. */
    FeatureMap batchNorm(String name, FeatureMap in) {
        Ops scope = tf.withSubScope(name);
        Shape shape = Shape.of(in.channels());
        Operand<TFloat32> gamma = weights.variable(scope, "gamma", shape, Init.constant(1f));
        Operand<TFloat32> beta = weights.variable(scope, "beta", shape, Init.constant(0f));
        Operand<TFloat32> mean = weights.variable(scope, "moving_mean", shape, Init.constant(0f));
        Operand<TFloat32> variance = weights.variable(scope, "moving_variance", shape, Init.constant(1f));
        FusedBatchNorm<TFloat32, TFloat32> bn = scope.nn.fusedBatchNorm(in.tensor(), gamma, beta, mean, variance,
                FusedBatchNorm.epsilon(BATCH_NORM_EPSILON), FusedBatchNorm.isTraining(false));
        return in.with(bn.y());
    }

    /** Keras' {@code swish} activation, x * sigmoid(x). */
    FeatureMap swish(String name, FeatureMap in) {
        return in.with(swish(tf.withSubScope(name), in.tensor()));
    }

    Operand<TFloat32> swish(Ops scope, Operand<TFloat32> x) {
        return scope.math.mul(x, scope.math.sigmoid(x));
    }

    /** {@code ZeroPadding2D(padding=imagenet_utils.correct_pad(x, kernel))}: pads one less before an even size. */
    FeatureMap correctPad(String name, FeatureMap in, int kernel) {
        int after = kernel / 2;
        int before = after - (in.size() % 2 == 0 ? 1 : 0);
        Ops scope = tf.withSubScope(name);
        Operand<TFloat32> y = scope.pad(in.tensor(),
                scope.constant(new int[][] {{0, 0}, {before, after}, {before, after}, {0, 0}}),
                scope.constant(0f));
        return new FeatureMap(y, in.size() + before + after, in.channels());
    }

    /** {@code GlobalAveragePooling2D}, optionally keeping the spatial axes (as the SE block's Reshape does). */
    Operand<TFloat32> globalAveragePool(Ops scope, FeatureMap in, boolean keepDims) {
        return scope.math.mean(in.tensor(), scope.constant(new int[] {1, 2}), Mean.keepDims(keepDims));
    }

    /** {@code Dense(units)} with Keras' default glorot-uniform kernel and zero bias. */
    Operand<TFloat32> dense(String name, Operand<TFloat32> in, int inputs, int units) {
        Ops scope = tf.withSubScope(name);
        Operand<TFloat32> kernel =
                weights.variable(scope, "kernel", Shape.of(inputs, units), Init.glorotUniform(inputs, units));
        Operand<TFloat32> bias = weights.variable(scope, "bias", Shape.of(units), Init.constant(0f));
        return scope.nn.biasAdd(scope.linalg.matMul(in, kernel), bias);
    }

    private static List<Long> strides(int stride) {
        return List.of(1L, (long) stride, (long) stride, 1L);
    }

    enum Padding {
        SAME,
        VALID;

        int outputSize(int size, int kernel, int stride) {
            return this == SAME ? (size + stride - 1) / stride : (size - kernel) / stride + 1;
        }
    }
}
