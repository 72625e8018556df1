package io.breedline.kerasimport.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.breedline.kerasimport.file.ModelFileException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Float constants written into a config as JSON: a number, or nested lists of numbers (a tensor's {@code tolist}). */
final class Constants {
    private Constants() {}

    static Operand<TFloat32> of(Ops tf, JsonNode value, float fallback) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return tf.constant(fallback);
        }
        List<Long> dims = new ArrayList<>();
        for (JsonNode v = value; v.isArray(); v = v.get(0)) {
            dims.add((long) v.size());
            if (v.isEmpty()) {
                break;
            }
        }
        List<Float> flat = new ArrayList<>();
        flatten(value, flat);
        float[] values = new float[flat.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = flat.get(i);
        }
        Shape shape = Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
        if (shape.size() != values.length) {
            throw new ModelFileException("expected a rectangular list of numbers, found " + value);
        }
        return tf.constant(shape, DataBuffers.of(values, true, false));
    }

    private static void flatten(JsonNode v, List<Float> out) {
        if (v.isArray()) {
            v.forEach(e -> flatten(e, out));
        } else if (v.isNumber()) {
            out.add(v.floatValue());
        } else {
            throw new ModelFileException("expected a number, found " + v);
        }
    }
}
