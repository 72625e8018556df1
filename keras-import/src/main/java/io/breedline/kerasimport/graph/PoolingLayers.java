package io.breedline.kerasimport.graph;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TFloat32;

/** Global and windowed average / max pooling over the spatial axes (channels last). */
final class PoolingLayers {
    private PoolingLayers() {}

    static Operand<TFloat32> globalAverage(LayerCall call) {
        Configs.channelsLast(call);
        Ops tf = call.tf();
        return tf.math.mean(call.input(), tf.constant(new int[] {1, 2}), Mean.keepDims(Configs.bool(call, "keepdims", false)));
    }

    static Operand<TFloat32> globalMax(LayerCall call) {
        Configs.channelsLast(call);
        Ops tf = call.tf();
        return tf.max(call.input(), tf.constant(new int[] {1, 2}), Max.keepDims(Configs.bool(call, "keepdims", false)));
    }

    static Operand<TFloat32> average(LayerCall call) {
        Configs.channelsLast(call);
        return call.tf().nn.avgPool(call.input(), window(call), strides(call), ConvLayers.padding(call));
    }

    static Operand<TFloat32> max(LayerCall call) {
        Configs.channelsLast(call);
        return call.tf().nn.maxPool(call.input(), call.tf().constant(toInts(window(call))),
                call.tf().constant(toInts(strides(call))), ConvLayers.padding(call));
    }

    private static List<Long> window(LayerCall call) {
        int[] p = Configs.ints(call, "pool_size", 2, 2);
        return List.of(1L, (long) p[0], (long) p[1], 1L);
    }

    /** Keras' strides default to the pool size. */
    private static List<Long> strides(LayerCall call) {
        int[] p = Configs.ints(call, "pool_size", 2, 2);
        var s = call.config().get("strides");
        if (s == null || s.isNull()) {
            return List.of(1L, (long) p[0], (long) p[1], 1L);
        }
        return ConvLayers.strides(call);
    }

    private static int[] toInts(List<Long> values) {
        return values.stream().mapToInt(Long::intValue).toArray();
    }
}
