package io.breedline.models;

import io.breedline.models.Layers.Padding;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Builds Keras' EfficientNet ({@code keras/applications/efficientnet.py} as of TF 2.9, {@code include_top=False})
 * plus a classification head (global average pooling, Dense, softmax) into a graph. Dropout and drop-connect are
 * training-only and left out.
 */
final class EfficientNetGraph {
    /** The graph's ends and its parameter counts, split the way Keras' summary of backbone and head would be. */
    record Network(
            Placeholder<TFloat32> input, Operand<TFloat32> output, long backboneParameters, long headParameters) {}

    static final int TOP_FILTERS = 1280;
    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] IMAGENET_STDDEV = {0.229f, 0.224f, 0.225f};
    /**
     * Normalization's variance weights. Keras 2.9 divides by sqrt(IMAGENET_STDDEV_RGB) after Normalization "to match
     * the original implementation"; that divisor is sqrt(variance) when the variance weights hold the standard
     * deviations themselves, and the two divisions together then give (x - mean) / stddev, ImageNet's
     * normalisation. So the standard deviations go here: the input reaching the stem keeps unit scale (with
     * stddev^2 it would be twice as large, and this random-weight network's activations then grow stage by stage
     * until float32 rounding decides its outputs).
     */
    static final float[] IMAGENET_VARIANCE = IMAGENET_STDDEV.clone();
    /** Keras' name for the {@code TFOpLambda} layer that {@code x / tf.math.sqrt(IMAGENET_STDDEV_RGB)} becomes. */
    static final String STDDEV_DIVISION = "tf.math.truediv";
    /** Keras' {@code backend.epsilon()}, the floor {@code Normalization} puts under the standard deviation. */
    private static final float NORMALIZATION_EPSILON = 1e-7f;

    private final Ops tf;
    private final Weights weights;
    private final Layers layers;
    private final EfficientNetScaling scaling;

    private EfficientNetGraph(Ops tf, Weights weights, EfficientNetScaling scaling) {
        this.tf = tf;
        this.weights = weights;
        this.layers = new Layers(tf, weights);
        this.scaling = scaling;
    }

    static Network build(Ops tf, Weights weights, EfficientNetScaling scaling, List<BlockArgs> blocks, int classes) {
        return build(tf, weights, scaling, blocks, classes, SavedModelWriter.IMAGE_SIZE);
    }

    static Network build(Ops tf, Weights weights, EfficientNetScaling scaling, List<BlockArgs> blocks, int classes,
            int imageSize) {
        return new EfficientNetGraph(tf, weights, scaling).network(blocks, classes, imageSize);
    }

    private Network network(List<BlockArgs> blocks, int classes, int imageSize) {
        long before = weights.parameterCount();
        Placeholder<TFloat32> input = SavedModelWriter.imageInput(tf, imageSize);
        FeatureMap x = stem(new FeatureMap(input, imageSize, SavedModelWriter.CHANNELS));
        x = blocks(x, blocks);
        x = layers.conv("top_conv", x, scaling.roundFilters(TOP_FILTERS), 1, 1, Padding.SAME, false);
        x = layers.batchNorm("top_bn", x);
        x = layers.swish("top_activation", x);
        long backbone = weights.parameterCount() - before;

        Operand<TFloat32> pooled = layers.globalAveragePool(tf.withSubScope("avg_pool"), x, false);
        Operand<TFloat32> logits = layers.dense("dense", pooled, x.channels(), classes);
        Operand<TFloat32> probabilities = tf.withName(SavedModelWriter.OUTPUT_NAME).nn.softmax(logits);
        long head = weights.parameterCount() - before - backbone;
        return new Network(input, probabilities, backbone, head);
    }

    private FeatureMap stem(FeatureMap in) {
        Ops rescaling = tf.withSubScope("rescaling");
        FeatureMap x = in.with(rescaling.math.mul(in.tensor(), rescaling.constant(1f / 255f)));
        x = normalization(x);
        x = stddevDivision(x);
        x = layers.correctPad("stem_conv_pad", x, 3);
        x = layers.conv("stem_conv", x, scaling.roundFilters(32), 3, 2, Padding.VALID, false);
        x = layers.batchNorm("stem_bn", x);
        return layers.swish("stem_activation", x);
    }

    // Keras' Normalization(axis=-1) keeps mean, variance and a sample count as weights; all three count as
    // parameters.
    private FeatureMap normalization(FeatureMap in) {
        Ops scope = tf.withSubScope("normalization");
        Shape shape = Shape.of(in.channels());
        Operand<TFloat32> mean = weights.variable(scope, "mean", shape, Init.of(IMAGENET_MEAN));
        Operand<TFloat32> variance = weights.variable(scope, "variance", shape, Init.of(IMAGENET_VARIANCE));
        weights.int64Scalar(scope, "count", 0L); // only adapt() reads it; inference never does
        Operand<TFloat32> std = scope.math.maximum(scope.math.sqrt(variance), scope.constant(NORMALIZATION_EPSILON));
        return in.with(scope.math.div(scope.math.sub(in.tensor(), mean), std));
    }

    // Keras 2.9's efficientnet.py, built with ImageNet weights as the original was, follows Normalization with
    // x / tf.math.sqrt(IMAGENET_STDDEV_RGB) (see tensorflow/tensorflow#49930); Keras saves that as a TFOpLambda layer
    // named tf.math.truediv with the divisor in its call's arguments. Keras 2.10 made the same division a
    // Rescaling(1 / sqrt(stddev)) layer. Either way the graph divides once more after Normalization.
    private FeatureMap stddevDivision(FeatureMap in) {
        Ops scope = tf.withSubScope(STDDEV_DIVISION);
        return in.with(scope.math.div(in.tensor(), scope.constant(sqrtStddev())));
    }

    /** The divisor as Keras computes it: float32 {@code tf.math.sqrt} of the float32 standard deviations. */
    static float[] sqrtStddev() {
        float[] d = new float[IMAGENET_STDDEV.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.sqrt(IMAGENET_STDDEV[i]);
        }
        return d;
    }

    private FeatureMap blocks(FeatureMap x, List<BlockArgs> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            BlockArgs args = blocks.get(i);
            int filtersIn = scaling.roundFilters(args.filtersIn());
            int filtersOut = scaling.roundFilters(args.filtersOut());
            int repeats = scaling.roundRepeats(args.repeats());
            for (int j = 0; j < repeats; j++) {
                // Only the first block of a stage changes resolution and width.
                int strides = j == 0 ? args.strides() : 1;
                int in = j == 0 ? filtersIn : filtersOut;
                String name = "block" + (i + 1) + (char) ('a' + j) + "_";
                x = block(name, x, args, in, filtersOut, strides);
            }
        }
        return x;
    }

    /** The inverted residual (MBConv) block of {@code efficientnet.block}. */
    private FeatureMap block(
            String name, FeatureMap inputs, BlockArgs args, int filtersIn, int filtersOut, int strides) {
        int filters = filtersIn * args.expandRatio();
        FeatureMap x = inputs;
        if (args.expandRatio() != 1) {
            x = layers.conv(name + "expand_conv", x, filters, 1, 1, Padding.SAME, false);
            x = layers.batchNorm(name + "expand_bn", x);
            x = layers.swish(name + "expand_activation", x);
        }

        Padding padding = Padding.SAME;
        if (strides == 2) {
            x = layers.correctPad(name + "dwconv_pad", x, args.kernelSize());
            padding = Padding.VALID;
        }
        x = layers.depthwiseConv(name + "dwconv", x, args.kernelSize(), strides, padding);
        x = layers.batchNorm(name + "bn", x);
        x = layers.swish(name + "activation", x);

        if (args.seRatio() > 0 && args.seRatio() <= 1) {
            x = squeezeExcite(name, x, Math.max(1, (int) (filtersIn * args.seRatio())));
        }

        x = layers.conv(name + "project_conv", x, filtersOut, 1, 1, Padding.SAME, false);
        x = layers.batchNorm(name + "project_bn", x);
        if (args.idSkip() && strides == 1 && filtersIn == filtersOut) {
            x = x.with(tf.withSubScope(name + "add").math.add(x.tensor(), inputs.tensor()));
        }
        return x;
    }

    private FeatureMap squeezeExcite(String name, FeatureMap x, int filtersSe) {
        Operand<TFloat32> squeezed = layers.globalAveragePool(tf.withSubScope(name + "se_squeeze"), x, true);
        FeatureMap se = new FeatureMap(squeezed, 1, x.channels());
        se = layers.conv(name + "se_reduce", se, filtersSe, 1, 1, Padding.SAME, true);
        se = se.with(layers.swish(tf.withSubScope(name + "se_reduce_activation"), se.tensor()));
        se = layers.conv(name + "se_expand", se, x.channels(), 1, 1, Padding.SAME, true);
        Ops excite = tf.withSubScope(name + "se_excite");
        return x.with(excite.math.mul(x.tensor(), excite.math.sigmoid(se.tensor())));
    }
}
