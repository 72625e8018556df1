package io.breedline.kerasimport.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breedline.kerasimport.file.ModelFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Keras model config ({@code {"class_name": ..., "config": ...}}) as Keras 2 ({@code hdf5_format.py}'s
 * {@code model_config}) and Keras 3 ({@code config.json} in a {@code .keras} archive) write it: {@code Functional}
 * / {@code Model} with {@code inbound_nodes}, {@code Sequential} (a list of layers in Keras 2.1, an object later),
 * and models nested as layers.
 */
public final class ModelSpecParser {
    public static final Set<String> MODEL_CLASSES = Set.of("Functional", "Model", "Sequential");
    private static final JsonNode NO_KWARGS = JsonNodeFactory.instance.objectNode();

    private ModelSpecParser() {}

    public static ModelSpec parse(JsonNode model) {
        String className = text(model, "class_name", "the model config");
        if (!MODEL_CLASSES.contains(className)) {
            throw new ModelFileException("model_config: expected class_name Functional, Model or Sequential, found '"
                    + className + "'");
        }
        JsonNode config = model.get("config");
        if (config == null) {
            throw new ModelFileException("model_config: expected a 'config' object, found none");
        }
        return className.equals("Sequential") ? sequential(config) : functional(className, config);
    }

    private static ModelSpec functional(String className, JsonNode config) {
        String name = config.path("name").asText(className.toLowerCase(Locale.ROOT));
        List<LayerSpec> layers = new ArrayList<>();
        StoreKeys keys = new StoreKeys();
        for (JsonNode layer : array(config, "layers", name)) {
            String layerClass = text(layer, "class_name", "a layer of " + name);
            String layerName = layer.hasNonNull("name") ? layer.get("name").asText()
                    : text(layer.path("config"), "name", "a " + layerClass + " layer of " + name);
            List<InboundNode> inbound = new ArrayList<>();
            for (JsonNode node : layer.path("inbound_nodes")) {
                inbound.add(inboundNode(node, layerName));
            }
            ModelSpec nested = MODEL_CLASSES.contains(layerClass) ? parse(layer) : null;
            layers.add(new LayerSpec(layerName, layerClass, layer.path("config"), List.copyOf(inbound), nested,
                    keys.next(layerClass)));
        }
        return new ModelSpec(name, className, List.copyOf(layers), refs(config.get("input_layers"), name),
                refs(config.get("output_layers"), name));
    }

    /** A Sequential model as the chain it is: each layer called on the one before, from an input layer. */
    private static ModelSpec sequential(JsonNode config) {
        JsonNode layerList = config.isArray() ? config : config.path("layers");
        String name = config.isArray() ? "sequential" : config.path("name").asText("sequential");
        if (!layerList.isArray() || layerList.isEmpty()) {
            throw new ModelFileException("Sequential model " + name + ": expected a list of layers, found none");
        }
        List<LayerSpec> layers = new ArrayList<>();
        StoreKeys keys = new StoreKeys();
        JsonNode first = layerList.get(0);
        String previous;
        if (first.path("class_name").asText().equals("InputLayer")) {
            previous = null;
        } else {
            ObjectNode input = JsonNodeFactory.instance.objectNode();
            JsonNode shape = first.path("config").has("batch_input_shape") ? first.path("config").get("batch_input_shape")
                    : config.path("build_input_shape");
            input.set("batch_input_shape", shape);
            previous = name + "_input";
            input.put("name", previous);
            layers.add(new LayerSpec(previous, "InputLayer", input, List.of(), null, keys.next("InputLayer")));
        }
        for (JsonNode layer : layerList) {
            String layerClass = text(layer, "class_name", "a layer of " + name);
            String layerName = text(layer.path("config"), "name", "a " + layerClass + " layer of " + name);
            List<InboundNode> inbound = previous == null ? List.of()
                    : List.of(new InboundNode(List.of(new TensorRef(previous, 0, 0)), NO_KWARGS));
            ModelSpec nested = MODEL_CLASSES.contains(layerClass) ? parse(layer) : null;
            layers.add(new LayerSpec(layerName, layerClass, layer.path("config"), inbound, nested,
                    keys.next(layerClass)));
            previous = layerName;
        }
        return new ModelSpec(name, "Sequential", List.copyOf(layers),
                List.of(new TensorRef(layers.get(0).name(), 0, 0)), List.of(new TensorRef(previous, 0, 0)));
    }

    /** Keras 2: {@code [[layer, node, tensor, kwargs], ...]}; Keras 3: {@code {"args": [...], "kwargs": {...}}}. */
    private static InboundNode inboundNode(JsonNode node, String layerName) {
        List<TensorRef> inputs = new ArrayList<>();
        if (node.isObject()) {
            collectKerasTensors(node.path("args"), inputs);
            return new InboundNode(List.copyOf(inputs), node.path("kwargs"));
        }
        JsonNode kwargs = NO_KWARGS;
        for (JsonNode ref : node) {
            if (!ref.isArray() || ref.size() < 3) {
                throw new ModelFileException("layer " + layerName + ": expected inbound [layer, node, tensor], found "
                        + ref);
            }
            inputs.add(new TensorRef(ref.get(0).asText(), ref.get(1).asInt(), ref.get(2).asInt()));
            if (ref.size() > 3 && ref.get(3).isObject() && !ref.get(3).isEmpty()) {
                kwargs = ref.get(3);
            }
        }
        return new InboundNode(List.copyOf(inputs), kwargs);
    }

    private static void collectKerasTensors(JsonNode arg, List<TensorRef> out) {
        if (arg.isArray()) {
            arg.forEach(a -> collectKerasTensors(a, out));
        } else if (arg.isObject() && "__keras_tensor__".equals(arg.path("class_name").asText())) {
            JsonNode history = arg.path("config").path("keras_history");
            out.add(new TensorRef(history.get(0).asText(), history.get(1).asInt(), history.get(2).asInt()));
        }
    }

    private static List<TensorRef> refs(JsonNode refs, String model) {
        if (refs == null || !refs.isArray() || refs.isEmpty()) {
            throw new ModelFileException("model " + model + ": expected input_layers and output_layers, found " + refs);
        }
        if (refs.get(0).isTextual()) {
            return List.of(new TensorRef(refs.get(0).asText(), refs.get(1).asInt(), refs.get(2).asInt()));
        }
        List<TensorRef> out = new ArrayList<>();
        refs.forEach(r -> out.add(new TensorRef(r.get(0).asText(), r.get(1).asInt(), r.get(2).asInt())));
        return List.copyOf(out);
    }

    private static Iterable<JsonNode> array(JsonNode node, String field, String model) {
        JsonNode a = node.get(field);
        if (a == null || !a.isArray()) {
            throw new ModelFileException("model " + model + ": expected a '" + field + "' list, found " + a);
        }
        return a;
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new ModelFileException(what + ": expected a '" + field + "' string, found " + v);
        }
        return v.asText();
    }

    /** Keras 3 addresses a container's layers by snake-cased class name, numbered from the second on. */
    private static final class StoreKeys {
        private final Map<String, Integer> used = new HashMap<>();

        String next(String className) {
            String base = snakeCase(className);
            Integer count = used.merge(base, 0, (old, zero) -> old + 1);
            return count == 0 ? base : base + "_" + count;
        }

        static String snakeCase(String name) {
            String s = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
            return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        }
    }
}
