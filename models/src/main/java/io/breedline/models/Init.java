package io.breedline.models;

import java.util.Arrays;
import java.util.Random;
import org.tensorflow.ndarray.Shape;

/**
 * How a variable's starting values are made. Values are produced only when the session is initialised, so a graph
 * can be built (and its parameters counted) without materialising millions of floats.
 */
@FunctionalInterface
interface Init {
    /** Keras' {@code VarianceScaling} truncates its normal at two standard deviations and rescales by this. */
    double TRUNCATED_NORMAL_STDDEV_CORRECTION = 0.87962566103423978;

    float[] values(Shape shape, Random random);

    static Init of(float... values) {
        return (shape, random) -> values.clone();
    }

    static Init constant(float value) {
        return (shape, random) -> {
            float[] v = new float[Math.toIntExact(shape.size())];
            Arrays.fill(v, value);
            return v;
        };
    }

    /** Keras' {@code he_normal}: truncated normal with variance 2 / fanIn. */
    static Init heNormal(long fanIn) {
        return varianceScaling(2.0, fanIn);
    }

    /** Keras' {@code VarianceScaling(scale, mode="fan_in", distribution="truncated_normal")}. */
    static Init varianceScaling(double scale, long fanIn) {
        double stddev = Math.sqrt(scale / fanIn) / TRUNCATED_NORMAL_STDDEV_CORRECTION;
        return (shape, random) -> {
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                double z;
                do {
                    z = random.nextGaussian();
                } while (Math.abs(z) > 2);
                v[i] = (float) (z * stddev);
            }
            return v;
        };
    }

    /** Keras' {@code glorot_uniform}, the default for {@code Dense} kernels. */
    static Init glorotUniform(long fanIn, long fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        return (shape, random) -> {
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
            return v;
        };
    }
}
