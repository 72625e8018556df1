package io.breedline.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The variables of a graph under construction and how each gets its starting value.
 *
 * <p>Values are computed in Java and fed in once through placeholders rather than baked in as constant
 * initialisers: constants would store every weight a second time inside {@code saved_model.pb}. Random values come
 * from one {@link Random} seeded by the caller and consumed in creation order, so a seed always gives the same model.
 */
final class Weights {
    private record Pending(Placeholder<?> value, Op assign, Function<Random, Tensor> tensor) {}

    /** A variable as created: its graph name ({@code stem_conv/kernel}), shape, and whether Keras trains it. */
    record Created(String name, Shape shape, boolean trainable) {}

    /** Keras' non-trainable weights: BatchNormalization's moving statistics and Normalization's state. */
    private static final List<String> KERAS_NON_TRAINABLE =
            List.of("moving_mean", "moving_variance", "mean", "variance", "count");

    private final Ops tf;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Created> created = new ArrayList<>();
    private long parameterCount;

    Weights(Ops tf) {
        this.tf = tf;
    }

    /** A float32 variable named {@code <scope>/name}. */
    Operand<TFloat32> variable(Ops scope, String name, Shape shape, Init init) {
        return add(scope, name, shape, TFloat32.class, random -> {
            float[] values = init.values(shape, random);
            if (values.length != shape.size()) {
                throw new IllegalStateException(
                        "variable " + name + " has shape " + shape + " but its initialiser gave " + values.length);
            }
            return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
        });
    }

    /** An int64 scalar variable, for bookkeeping state such as Keras' {@code Normalization} sample count. */
    Operand<TInt64> int64Scalar(Ops scope, String name, long value) {
        return add(scope, name, Shape.scalar(), TInt64.class, random -> TInt64.scalarOf(value));
    }

    /** Every variable in creation order (what a Keras file lists per layer). */
    List<Created> created() {
        return List.copyOf(created);
    }

    /** The number of scalars held by all variables so far (what Keras reports as a model's parameter count). */
    long parameterCount() {
        return parameterCount;
    }

    /**
     * Assigns every variable its starting value in {@code session}. One run for all of them: a run per variable costs
     * more than the assignment itself once the graph has hundreds of variables.
     */
    void initialize(Session session, long seed) {
        Random random = new Random(seed);
        List<Tensor> tensors = new ArrayList<>(pending.size());
        try {
            Session.Runner runner = session.runner();
            for (Pending p : pending) {
                Tensor t = p.tensor().apply(random);
                tensors.add(t);
                runner.feed(p.value(), t).addTarget(p.assign());
            }
            try (Result ignored = runner.run()) {
                // the assignments are the effect; there is nothing to fetch
            }
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    private <T extends TType> Variable<T> add(
            Ops scope, String name, Shape shape, Class<T> type, Function<Random, Tensor> tensor) {
        Variable<T> variable = scope.withName(name).variable(shape, type);
        Ops init = tf.withSubScope("init");
        Placeholder<T> value = init.placeholder(type, Placeholder.shape(shape));
        pending.add(new Pending(value, init.assign(variable, value), tensor));
        created.add(new Created(variable.op().name(), shape, KERAS_NON_TRAINABLE.stream().noneMatch(name::equals)));
        parameterCount += shape.size();
        return variable;
    }
}
