package io.breedline.kerasimport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A small image classifier written as Keras 2 {@code .h5} and as a Keras 3 {@code .keras} archive with the same
 * weights, through jhdf's writer (small enough that its fixed-length strings fit an object header): Conv2D(relu),
 * BatchNormalization, SeparableConv2D, Add, GlobalAveragePooling2D, Dense(softmax).
 */
final class TinyKerasFiles {
    static final int SIZE = 8;
    static final int CLASSES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Layer name, class, weights (Keras 2 short name -> shape), in model order. */
    record Layer(String name, String className, Map<String, long[]> weights) {}

    static final List<Layer> LAYERS = List.of(
            new Layer("input_layer", "InputLayer", Map.of()),
            new Layer("conv2d", "Conv2D", ordered("kernel", new long[] {3, 3, 3, 4}, "bias", new long[] {4})),
            new Layer("batch_normalization", "BatchNormalization", ordered("gamma", new long[] {4}, "beta",
                    new long[] {4}, "moving_mean", new long[] {4}, "moving_variance", new long[] {4})),
            new Layer("separable_conv2d", "SeparableConv2D", ordered("depthwise_kernel", new long[] {3, 3, 4, 1},
                    "pointwise_kernel", new long[] {1, 1, 4, 4}, "bias", new long[] {4})),
            new Layer("add", "Add", Map.of()),
            new Layer("global_average_pooling2d", "GlobalAveragePooling2D", Map.of()),
            new Layer("dense", "Dense", ordered("kernel", new long[] {4, CLASSES}, "bias", new long[] {CLASSES})));

    private final Map<String, float[]> values = new LinkedHashMap<>();

    TinyKerasFiles(long seed) {
        Random random = new Random(seed);
        for (Layer layer : LAYERS) {
            layer.weights().forEach((name, dims) -> {
                float[] v = new float[(int) java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b)];
                for (int i = 0; i < v.length; i++) {
                    v[i] = name.equals("moving_variance") ? 0.5f + random.nextFloat() : (float) random.nextGaussian() * 0.5f;
                }
                values.put(layer.name() + "/" + name, v);
            });
        }
    }

    /**
     * Keras 2 layout; {@code splitLayerNames} writes {@code layer_names} in chunks {@code layer_names0..2} as Keras
     * does for long lists.
     */
    void writeH5(Path file, boolean splitLayerNames, String inputShape) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("keras_version", "2.9.0");
            hdf.putAttribute("backend", "tensorflow");
            hdf.putAttribute("model_config", keras2Config(inputShape));
            WritableGroup weights = hdf.putGroup("model_weights");
            String[] names = LAYERS.stream().map(Layer::name).toArray(String[]::new);
            if (splitLayerNames) {
                weights.putAttribute("layer_names0", java.util.Arrays.copyOfRange(names, 0, 3));
                weights.putAttribute("layer_names1", java.util.Arrays.copyOfRange(names, 3, 5));
                weights.putAttribute("layer_names2", java.util.Arrays.copyOfRange(names, 5, names.length));
            } else {
                weights.putAttribute("layer_names", names);
            }
            for (Layer layer : LAYERS) {
                WritableGroup group = weights.putGroup(layer.name());
                if (layer.weights().isEmpty()) {
                    continue;
                }
                group.putAttribute("weight_names", layer.weights().keySet().stream()
                        .map(w -> layer.name() + "/" + w + ":0").toArray(String[]::new));
                WritableGroup inner = group.putGroup(layer.name());
                layer.weights().forEach((name, dims) ->
                        inner.putDataset(name + ":0", nested(values.get(layer.name() + "/" + name), dims)));
            }
        }
    }

    /** Keras 3 layout: config.json, metadata.json and model.weights.h5 with layers/<key>/vars/<i>. */
    void writeKeras(Path file) throws IOException {
        Path weightsFile = Files.createTempFile("model.weights", ".h5");
        try (WritableHdfFile hdf = HdfFile.write(weightsFile)) {
            WritableGroup layers = hdf.putGroup("layers");
            for (Layer layer : LAYERS) {
                WritableGroup group = layers.putGroup(layer.name()); // the key: snake-cased class name = the name here
                WritableGroup vars = group.putGroup("vars");
                int i = 0;
                for (Map.Entry<String, long[]> w : layer.weights().entrySet()) {
                    vars.putDataset(Integer.toString(i++), nested(values.get(layer.name() + "/" + w.getKey()), w.getValue()));
                }
            }
            hdf.putGroup("optimizer").putGroup("vars");
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "metadata.json", "{\"keras_version\": \"3.3.3\", \"date_saved\": \"2026-12-08@00:00:00\"}".getBytes());
            put(zip, "config.json", keras3Config().getBytes());
            put(zip, "model.weights.h5", Files.readAllBytes(weightsFile));
        } finally {
            Files.deleteIfExists(weightsFile);
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private String keras2Config(String inputShape) {
        ArrayNode layers = JSON.createArrayNode();
        String[][] inbound = {{}, {"input_layer"}, {"conv2d"}, {"batch_normalization"},
            {"batch_normalization", "separable_conv2d"}, {"add"}, {"global_average_pooling2d"}};
        for (int i = 0; i < LAYERS.size(); i++) {
            Layer layer = LAYERS.get(i);
            ObjectNode l = layers.addObject().put("class_name", layer.className());
            l.set("config", layerConfig(layer, inputShape, "batch_input_shape").put("dtype", "float32"));
            l.put("name", layer.name());
            ArrayNode nodes = l.putArray("inbound_nodes");
            if (inbound[i].length > 0) {
                ArrayNode call = nodes.addArray();
                for (String in : inbound[i]) {
                    call.addArray().add(in).add(0).add(0).addObject();
                }
            }
        }
        return model(layers, "Functional", null).toString();
    }

    private String keras3Config() {
        ArrayNode layers = JSON.createArrayNode();
        String[][] inbound = {{}, {"input_layer"}, {"conv2d"}, {"batch_normalization"},
            {"batch_normalization", "separable_conv2d"}, {"add"}, {"global_average_pooling2d"}};
        for (int i = 0; i < LAYERS.size(); i++) {
            Layer layer = LAYERS.get(i);
            ObjectNode l = layers.addObject().put("module", "keras.layers").put("class_name", layer.className());
            ObjectNode config = layerConfig(layer, "[null, 8, 8, 3]", "batch_shape");
            if (!layer.className().equals("InputLayer")) {
                config.putObject("dtype").put("module", "keras").put("class_name", "DTypePolicy")
                        .putObject("config").put("name", "float32");
            } else {
                config.put("dtype", "float32");
            }
            l.set("config", config);
            l.putNull("registered_name");
            l.put("name", layer.name());
            ArrayNode nodes = l.putArray("inbound_nodes");
            if (inbound[i].length > 0) {
                ObjectNode call = nodes.addObject();
                ArrayNode args = call.putArray("args");
                ArrayNode target = inbound[i].length > 1 ? args.addArray() : args;
                for (String in : inbound[i]) {
                    ObjectNode t = target.addObject().put("class_name", "__keras_tensor__");
                    t.putObject("config").put("dtype", "float32").putArray("keras_history").add(in).add(0).add(0);
                }
                call.putObject("kwargs");
            }
        }
        return model(layers, "Functional", "keras").toString();
    }

    private static ObjectNode layerConfig(Layer layer, String inputShape, String shapeField) {
        ObjectNode c = JSON.createObjectNode().put("name", layer.name()).put("trainable", true);
        switch (layer.className()) {
            case "InputLayer" -> c.set(shapeField, read(inputShape));
            case "Conv2D" -> c.put("filters", 4).put("padding", "same").put("activation", "relu").put("use_bias", true)
                    .set("kernel_size", read("[3, 3]"));
            case "BatchNormalization" -> c.put("epsilon", 0.001).put("center", true).put("scale", true)
                    .set("axis", read("-1"));
            case "SeparableConv2D" -> c.put("filters", 4).put("padding", "same").put("depth_multiplier", 1)
                    .put("activation", "linear").put("use_bias", true).set("kernel_size", read("[3, 3]"));
            case "GlobalAveragePooling2D" -> c.put("data_format", "channels_last").put("keepdims", false);
            case "Dense" -> c.put("units", CLASSES).put("activation", "softmax").put("use_bias", true);
            default -> { }
        }
        return c;
    }

    private static ObjectNode model(ArrayNode layers, String className, String module) {
        ObjectNode model = JSON.createObjectNode();
        if (module != null) {
            model.put("module", module);
        }
        model.put("class_name", className);
        ObjectNode config = model.putObject("config").put("name", "tiny");
        config.set("layers", layers);
        config.set("input_layers", read("[[\"input_layer\", 0, 0]]"));
        config.set("output_layers", read("[[\"dense\", 0, 0]]"));
        return model;
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, long[]> ordered(Object... pairs) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (long[]) pairs[i + 1]);
        }
        return m;
    }

    private static Object nested(float[] flat, long[] dims) {
        if (dims.length == 1) {
            return flat;
        }
        int[] d = java.util.Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
        Object array = Array.newInstance(float.class, d);
        fill(array, d, 0, flat, 0);
        return array;
    }

    private static int fill(Object array, int[] dims, int depth, float[] flat, int offset) {
        if (depth == dims.length - 1) {
            System.arraycopy(flat, offset, array, 0, dims[depth]);
            return offset + dims[depth];
        }
        for (int i = 0; i < dims[depth]; i++) {
            offset = fill(Array.get(array, i), dims, depth + 1, flat, offset);
        }
        return offset;
    }

}
