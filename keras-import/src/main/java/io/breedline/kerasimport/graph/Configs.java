package io.breedline.kerasimport.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.breedline.kerasimport.file.ModelFileException;

/** Reading the forms a layer config field takes: {@code 3}, {@code [3, 3]}, {@code [[0, 1], [0, 1]]}. */
final class Configs {
    private Configs() {}

    /** An int or a list of ints, expanded to {@code n} values. */
    static int[] ints(LayerCall call, String field, int n, int fallback) {
        JsonNode v = call.config().get(field);
        int[] out = new int[n];
        if (v == null || v.isNull()) {
            java.util.Arrays.fill(out, fallback);
        } else if (v.isNumber()) {
            java.util.Arrays.fill(out, v.asInt());
        } else if (v.isArray() && v.size() == n) {
            for (int i = 0; i < n; i++) {
                out[i] = v.get(i).asInt();
            }
        } else if (v.isArray() && v.size() == 1) {
            java.util.Arrays.fill(out, v.get(0).asInt());
        } else {
            throw call.refused("expected " + field + " as a number or " + n + " numbers, found " + v);
        }
        return out;
    }

    static String string(LayerCall call, String field, String fallback) {
        JsonNode v = call.config().get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    static boolean bool(LayerCall call, String field, boolean fallback) {
        JsonNode v = call.config().get(field);
        return v == null || v.isNull() ? fallback : v.asBoolean();
    }

    static double number(LayerCall call, String field, double fallback) {
        JsonNode v = call.config().get(field);
        return v == null || v.isNull() ? fallback : v.asDouble();
    }

    /** Only channels-last models import: that is the layout the worker feeds ({@code [N,H,W,3]}). */
    static void channelsLast(LayerCall call) {
        String format = string(call, "data_format", "channels_last");
        if (!format.equals("channels_last")) {
            throw call.refused("expected data_format channels_last, found " + format);
        }
    }

    /** An activation by name; Keras 3 may serialise it as {@code {"class_name": "function", "config": "relu"}}. */
    static String activation(LayerCall call, String field) {
        JsonNode v = call.config().get(field);
        if (v == null || v.isNull()) {
            return "linear";
        }
        if (v.isObject()) {
            JsonNode name = v.path("config");
            if (!name.isTextual()) {
                throw new ModelFileException("layer " + call.layer().name() + ": expected a named activation, found " + v);
            }
            return name.asText();
        }
        return v.asText();
    }
}
