package io.breedline.worker.inference;

import java.util.Map;
import java.util.TreeSet;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * What the worker needs to know from a SavedModel signature, checked: one float32 image input {@code [?,H,W,3]} and
 * one output {@code [?,C]}.
 *
 * @param height input height, or {@link #DEFAULT_SIZE} when the signature leaves it open
 * @param width input width, likewise
 * @param classes output width, or -1 when the signature leaves it open (the warm-up run then tells)
 */
public record ModelSignature(String key, String inputName, String outputName, int height, int width, int classes) {
    public static final int DEFAULT_SIZE = 256;

    /** Picks {@code key} from the model's signatures and checks it; DJL would silently fall back to another one. */
    public static ModelSignature inspect(Map<String, SignatureDef> signatures, String key) {
        SignatureDef def = signatures.get(key);
        if (def == null) {
            throw new IllegalArgumentException("the model has no signature '" + key + "' (BREEDLINE_MODEL_SIGNATURE); "
                    + "it has " + new TreeSet<>(signatures.keySet()));
        }
        if (def.getInputsCount() != 1) {
            throw new IllegalArgumentException("signature '" + key + "' must have one input [?,H,W,3] float32, found "
                    + def.getInputsCount() + ": " + describe(def.getInputsMap()));
        }
        if (def.getOutputsCount() != 1) {
            throw new IllegalArgumentException("signature '" + key + "' must have one output [?,C], found "
                    + def.getOutputsCount() + ": " + describe(def.getOutputsMap()));
        }
        Map.Entry<String, TensorInfo> input = def.getInputsMap().entrySet().iterator().next();
        Map.Entry<String, TensorInfo> output = def.getOutputsMap().entrySet().iterator().next();
        long[] in = dims(input.getValue());
        long[] out = dims(output.getValue());
        boolean inputOk = input.getValue().getDtype() == DataType.DT_FLOAT && in.length == 4 && in[3] == 3
                && in[1] != 0 && in[2] != 0;
        if (!inputOk) {
            throw new IllegalArgumentException("signature '" + key + "': expected input [?,H,W,3] float32, found '"
                    + input.getKey() + "' " + describe(input.getValue()));
        }
        boolean outputOk = out.length == 2 && out[1] != 0 && isFloat(output.getValue().getDtype());
        if (!outputOk) {
            throw new IllegalArgumentException("signature '" + key + "': expected output [?,C] float, found '"
                    + output.getKey() + "' " + describe(output.getValue()));
        }
        return new ModelSignature(key, input.getKey(), output.getKey(), size(in[1]), size(in[2]),
                out[1] < 0 ? -1 : Math.toIntExact(out[1]));
    }

    private static boolean isFloat(DataType type) {
        return type == DataType.DT_FLOAT || type == DataType.DT_HALF || type == DataType.DT_DOUBLE;
    }

    private static int size(long dim) {
        return dim < 0 ? DEFAULT_SIZE : Math.toIntExact(dim);
    }

    private static long[] dims(TensorInfo info) {
        TensorShapeProto shape = info.getTensorShape();
        if (shape.getUnknownRank()) {
            return new long[0];
        }
        return shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    }

    static String describe(TensorInfo info) {
        TensorShapeProto shape = info.getTensorShape();
        String dims = shape.getUnknownRank() ? "<unknown rank>" : shape.getDimList().stream()
                .map(d -> d.getSize() < 0 ? "?" : Long.toString(d.getSize()))
                .reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElse("[]");
        String type = info.getDtype().name().replaceFirst("^DT_", "").toLowerCase(java.util.Locale.ROOT);
        return dims + " " + type;
    }

    private static String describe(Map<String, TensorInfo> tensors) {
        StringBuilder sb = new StringBuilder();
        tensors.forEach((name, info) -> sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ').append(describe(info)));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "signature '" + key + "' " + inputName + " [?," + height + "," + width + ",3] -> " + outputName
                + " [?," + (classes < 0 ? "?" : classes) + "]";
    }
}
