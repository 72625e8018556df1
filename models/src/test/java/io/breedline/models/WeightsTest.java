package io.breedline.models;

import io.breedline.tensorflow.TensorFlowRuntime;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class WeightsTest {
    @BeforeAll
    static void loadTensorFlow() {
        TensorFlowRuntime.ensureLoaded();
    }

    @Test
    void sameSeedGivesSameValuesAndAnotherSeedDoesNot() {
        float[] a = initialValues(1L);
        assertThat(initialValues(1L)).isEqualTo(a);
        assertThat(initialValues(2L)).isNotEqualTo(a);
    }

    @Test
    void countsEveryScalarOfEveryVariable() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Weights weights = new Weights(tf);
            weights.variable(tf.withSubScope("a"), "kernel", Shape.of(3, 3, 4, 5), Init.heNormal(36));
            weights.variable(tf.withSubScope("a"), "bias", Shape.of(5), Init.constant(0f));
            weights.int64Scalar(tf.withSubScope("b"), "count", 7L);
            assertThat(weights.parameterCount()).isEqualTo(3 * 3 * 4 * 5 + 5 + 1);
        }
    }

    @Test
    void heNormalIsTruncatedAtTwoStandardDeviationsWithHeVariance() {
        float[] v = Init.heNormal(50).values(Shape.of(200_000), new Random(3));
        double target = Math.sqrt(2.0 / 50);
        double sq = 0;
        for (float x : v) {
            assertThat(Math.abs(x)).isLessThanOrEqualTo((float) (2 * target / Init.TRUNCATED_NORMAL_STDDEV_CORRECTION));
            sq += x * x;
        }
        assertThat(Math.sqrt(sq / v.length)).isCloseTo(target, org.assertj.core.api.Assertions.within(target * 0.01));
    }

    private static float[] initialValues(long seed) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Weights weights = new Weights(tf);
            Operand<TFloat32> kernel = weights.variable(tf, "kernel", Shape.of(4, 8), Init.heNormal(4));
            Operand<TInt64> count = weights.int64Scalar(tf, "count", 7L);
            try (Session session = new Session(graph)) {
                weights.initialize(session, seed);
                try (Result r = session.runner().fetch(kernel).fetch(count).run()) {
                    assertThat(((TInt64) r.get(1)).getObject()).isEqualTo(7L);
                    TFloat32 t = (TFloat32) r.get(0);
                    float[] values = new float[32];
                    t.asRawTensor().data().asFloats().read(values);
                    return values;
                }
            }
        }
    }
}
