package io.breedline.kerasimport.graph;

import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

/** Conv2D, DepthwiseConv2D, SeparableConv2D and ZeroPadding2D (channels last, as Keras' layers compute them). */
final class ConvLayers {
    private ConvLayers() {}

    static Operand<TFloat32> conv2d(LayerCall call) {
        Configs.channelsLast(call);
        int[] k = Configs.ints(call, "kernel_size", 2, 1);
        int filters = Configs.ints(call, "filters", 1, 1)[0];
        int groups = Configs.ints(call, "groups", 1, 1)[0];
        Ops tf = call.tf();
        Operand<TFloat32> kernel = call.weights().constant(tf, "kernel", 0, k[0], k[1], call.channels() / groups, filters);
        Operand<TFloat32> y = tf.nn.conv2d(call.input(), kernel, strides(call), padding(call),
                Conv2d.dilations(dilations(call)));
        return biasAndActivation(call, y, 1);
    }

    static Operand<TFloat32> depthwise(LayerCall call) {
        Configs.channelsLast(call);
        int[] k = Configs.ints(call, "kernel_size", 2, 1);
        int multiplier = Configs.ints(call, "depth_multiplier", 1, 1)[0];
        Ops tf = call.tf();
        // Keras 2 names it depthwise_kernel, Keras 3 kernel; both come first.
        String name = call.weights().find("depthwise_kernel", 0).isPresent() ? "depthwise_kernel" : "kernel";
        Operand<TFloat32> kernel = call.weights().constant(tf, name, 0, k[0], k[1], call.channels(), multiplier);
        Operand<TFloat32> y = tf.nn.depthwiseConv2dNative(call.input(), kernel, strides(call), padding(call),
                DepthwiseConv2dNative.dilations(dilations(call)));
        return biasAndActivation(call, y, 1);
    }

    static Operand<TFloat32> separable(LayerCall call) {
        Configs.channelsLast(call);
        int[] k = Configs.ints(call, "kernel_size", 2, 1);
        int multiplier = Configs.ints(call, "depth_multiplier", 1, 1)[0];
        int filters = Configs.ints(call, "filters", 1, 1)[0];
        Ops tf = call.tf();
        long channels = call.channels();
        Operand<TFloat32> depthwise = call.weights().constant(tf, "depthwise_kernel", 0, k[0], k[1], channels, multiplier);
        Operand<TFloat32> pointwise = call.weights().constant(tf, "pointwise_kernel", 1, 1, 1, channels * multiplier, filters);
        Operand<TFloat32> y = tf.nn.depthwiseConv2dNative(call.input(), depthwise, strides(call), padding(call),
                DepthwiseConv2dNative.dilations(dilations(call)));
        y = tf.nn.conv2d(y, pointwise, List.of(1L, 1L, 1L, 1L), "VALID");
        return biasAndActivation(call, y, 2);
    }

    /** {@code padding} as Keras writes it: {@code 1}, {@code [1, 2]} or {@code [[top, bottom], [left, right]]}. */
    static Operand<TFloat32> zeroPadding(LayerCall call) {
        Configs.channelsLast(call);
        var v = call.config().get("padding");
        int[][] pads = new int[2][2];
        if (v == null || v.isNumber()) {
            int p = v == null ? 1 : v.asInt();
            pads = new int[][] {{p, p}, {p, p}};
        } else if (v.isArray() && v.size() == 2 && v.get(0).isNumber()) {
            pads = new int[][] {{v.get(0).asInt(), v.get(0).asInt()}, {v.get(1).asInt(), v.get(1).asInt()}};
        } else if (v.isArray() && v.size() == 2 && v.get(0).isArray() && v.get(1).isArray()) {
            pads = new int[][] {{v.get(0).get(0).asInt(), v.get(0).get(1).asInt()},
                    {v.get(1).get(0).asInt(), v.get(1).get(1).asInt()}};
        } else {
            throw call.refused("expected padding as n, [h, w] or [[top, bottom], [left, right]], found " + v);
        }
        Ops tf = call.tf();
        return tf.pad(call.input(), tf.constant(new int[][] {{0, 0}, pads[0], pads[1], {0, 0}}), tf.constant(0f));
    }

    private static Operand<TFloat32> biasAndActivation(LayerCall call, Operand<TFloat32> y, int biasPosition) {
        Ops tf = call.tf();
        if (Configs.bool(call, "use_bias", true)) {
            long units = y.shape().get(y.shape().numDimensions() - 1);
            y = tf.nn.biasAdd(y, call.weights().constant(tf, "bias", biasPosition, units));
        }
        return Activations.apply(tf, Configs.activation(call, "activation"), y, call.keras3(), call.layer().name());
    }

    static List<Long> strides(LayerCall call) {
        int[] s = Configs.ints(call, "strides", 2, 1);
        return List.of(1L, (long) s[0], (long) s[1], 1L);
    }

    static String padding(LayerCall call) {
        String p = Configs.string(call, "padding", "valid").toUpperCase(Locale.ROOT);
        if (!p.equals("SAME") && !p.equals("VALID")) {
            throw call.refused("expected padding same or valid, found " + p.toLowerCase(Locale.ROOT));
        }
        return p;
    }

    private static List<Long> dilations(LayerCall call) {
        int[] d = Configs.ints(call, "dilation_rate", 2, 1);
        return List.of(1L, (long) d[0], (long) d[1], 1L);
    }
}
