package io.breedline.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code model_config} Keras 2.9 writes for the original model: {@code Input(name="input_layer")}, the
 * {@code EfficientNetB3(include_top=False, weights="imagenet")} application nested as one layer, then
 * GlobalAveragePooling2D, Dense and a softmax Activation. Layer for layer it follows {@code keras/applications/
 * efficientnet.py} (2.9) as {@link EfficientNetGraph} does, written separately from it so that an import of this
 * config checked against that graph tests both.
 */
final class KerasEfficientNetConfig {
    static final String KERAS_VERSION = "2.9.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EfficientNetVariant variant;
    private ArrayNode layers;
    private String previous;

    private KerasEfficientNetConfig(EfficientNetVariant variant) {
        this.variant = variant;
    }

    /** {@code {"class_name": "Functional", "config": {...}}} as a JSON string. */
    static String modelConfig(EfficientNetVariant variant) {
        return new KerasEfficientNetConfig(variant).outer().toString();
    }

    private ObjectNode outer() {
        layers = JSON.createArrayNode();
        ObjectNode input = config("input_layer");
        input.set("batch_input_shape", JSON.createArrayNode().addNull().add(variant.imageSize())
                .add(variant.imageSize()).add(3));
        input.put("sparse", false).put("ragged", false);
        layers.add(layer("InputLayer", "input_layer", input, JSON.createArrayNode()));
        ArrayNode outerLayers = layers;
        ObjectNode backbone = backbone();
        layers = outerLayers;
        ObjectNode nested = JSON.createObjectNode();
        nested.put("class_name", "Functional");
        nested.set("config", backbone);
        nested.put("name", variant.name());
        nested.set("inbound_nodes", nodes(List.of("input_layer"), 0));
        layers.add(nested);
        // A Functional model called on new inputs keeps its own first node, so the call is its node 1.
        previous = variant.name();
        ObjectNode pool = config("global_average_pool_layer").put("data_format", "channels_last").put("keepdims", false);
        layers.add(layer("GlobalAveragePooling2D", "global_average_pool_layer", pool, nodes(List.of(previous), 1)));
        previous = "global_average_pool_layer";
        ObjectNode dense = config("dense").put("units", variant.classes()).put("activation", "linear")
                .put("use_bias", true);
        add("Dense", "dense", dense);
        add("Activation", "activation", config("activation").put("activation", "softmax"));
        return JSON.createObjectNode().put("class_name", "Functional")
                .set("config", model("model", "input_layer", "activation"));
    }

    private ObjectNode backbone() {
        layers = JSON.createArrayNode();
        ObjectNode input = config("input_1");
        input.set("batch_input_shape", JSON.createArrayNode().addNull().add(variant.imageSize())
                .add(variant.imageSize()).add(3));
        input.put("sparse", false).put("ragged", false);
        layers.add(layer("InputLayer", "input_1", input, JSON.createArrayNode()));
        previous = "input_1";
        add("Rescaling", "rescaling", config("rescaling").put("scale", 1.0 / 255.0).put("offset", 0.0));
        ObjectNode norm = config("normalization");
        norm.set("axis", JSON.createArrayNode().add(3));
        norm.putNull("mean").putNull("variance");
        add("Normalization", "normalization", norm);
        ObjectNode div = config(EfficientNetGraph.STDDEV_DIVISION).put("function", "math.truediv");
        ArrayNode divisor = JSON.createArrayNode();
        for (float d : EfficientNetGraph.sqrtStddev()) {
            divisor.add((double) d);
        }
        ObjectNode kwargs = JSON.createObjectNode();
        kwargs.set("y", divisor);
        kwargs.putNull("name");
        ArrayNode ref = JSON.createArrayNode().add(previous).add(0).add(0).add(kwargs);
        layers.add(layer("TFOpLambda", EfficientNetGraph.STDDEV_DIVISION, div,
                JSON.createArrayNode().add(JSON.createArrayNode().add(ref))));
        previous = EfficientNetGraph.STDDEV_DIVISION;
        EfficientNetScaling s = variant.scaling();
        int size = pad("stem_conv_pad", variant.imageSize(), 3);
        conv("stem_conv", s.roundFilters(32), 3, 2, "valid", false, "linear");
        size = (size - 3) / 2 + 1;
        bnActivation("stem_bn", "stem_activation");
        int total = variant.blocks().stream().mapToInt(b -> s.roundRepeats(b.repeats())).sum();
        int b = 0;
        for (int i = 0; i < variant.blocks().size(); i++) {
            BlockArgs args = variant.blocks().get(i);
            for (int j = 0; j < s.roundRepeats(args.repeats()); j++) {
                int strides = j == 0 ? args.strides() : 1;
                int in = j == 0 ? s.roundFilters(args.filtersIn()) : s.roundFilters(args.filtersOut());
                size = block("block" + (i + 1) + (char) ('a' + j) + "_", args, in, s.roundFilters(args.filtersOut()),
                        strides, size, 0.2 * b / total);
                b++;
            }
        }
        conv("top_conv", s.roundFilters(EfficientNetGraph.TOP_FILTERS), 1, 1, "same", false, "linear");
        bnActivation("top_bn", "top_activation");
        return model(variant.name(), "input_1", "top_activation");
    }

    private int block(String name, BlockArgs args, int filtersIn, int filtersOut, int strides, int size,
            double dropRate) {
        String inputs = previous;
        int filters = filtersIn * args.expandRatio();
        if (args.expandRatio() != 1) {
            conv(name + "expand_conv", filters, 1, 1, "same", false, "linear");
            bnActivation(name + "expand_bn", name + "expand_activation");
        }
        String padding = "same";
        if (strides == 2) {
            size = pad(name + "dwconv_pad", size, args.kernelSize());
            padding = "valid";
        }
        ObjectNode dw = convConfig(name + "dwconv", args.kernelSize(), strides, padding, false, "linear")
                .put("depth_multiplier", 1);
        add("DepthwiseConv2D", name + "dwconv", dw);
        size = padding.equals("valid") ? (size - args.kernelSize()) / strides + 1 : (size + strides - 1) / strides;
        bnActivation(name + "bn", name + "activation");
        if (args.seRatio() > 0 && args.seRatio() <= 1) {
            String excited = previous;
            int filtersSe = Math.max(1, (int) (filtersIn * args.seRatio()));
            add("GlobalAveragePooling2D", name + "se_squeeze", config(name + "se_squeeze")
                    .put("data_format", "channels_last").put("keepdims", false));
            ObjectNode reshape = config(name + "se_reshape");
            reshape.set("target_shape", JSON.createArrayNode().add(1).add(1).add(filters));
            add("Reshape", name + "se_reshape", reshape);
            conv(name + "se_reduce", filtersSe, 1, 1, "same", true, "swish");
            conv(name + "se_expand", filters, 1, 1, "same", true, "sigmoid");
            layers.add(layer("Multiply", name + "se_excite", config(name + "se_excite"),
                    nodes(List.of(excited, previous), 0)));
            previous = name + "se_excite";
        }
        conv(name + "project_conv", filtersOut, 1, 1, "same", false, "linear");
        add("BatchNormalization", name + "project_bn", bnConfig(name + "project_bn"));
        if (args.idSkip() && strides == 1 && filtersIn == filtersOut) {
            if (dropRate > 0) {
                ObjectNode drop = config(name + "drop").put("rate", dropRate);
                drop.set("noise_shape", JSON.createArrayNode().addNull().add(1).add(1).add(1));
                drop.putNull("seed");
                add("Dropout", name + "drop", drop);
            }
            layers.add(layer("Add", name + "add", config(name + "add"), nodes(List.of(previous, inputs), 0)));
            previous = name + "add";
        }
        return size;
    }

    /** {@code ZeroPadding2D(imagenet_utils.correct_pad(x, kernel))}: one less before an even size. */
    private int pad(String name, int size, int kernel) {
        int after = kernel / 2;
        int before = after - (size % 2 == 0 ? 1 : 0);
        ObjectNode config = config(name).put("data_format", "channels_last");
        config.set("padding", JSON.createArrayNode().add(JSON.createArrayNode().add(before).add(after))
                .add(JSON.createArrayNode().add(before).add(after)));
        add("ZeroPadding2D", name, config);
        return size + before + after;
    }

    private void conv(String name, int filters, int kernel, int strides, String padding, boolean bias,
            String activation) {
        add("Conv2D", name, convConfig(name, kernel, strides, padding, bias, activation).put("filters", filters)
                .put("groups", 1));
    }

    private ObjectNode convConfig(String name, int kernel, int strides, String padding, boolean bias,
            String activation) {
        ObjectNode c = config(name);
        c.set("kernel_size", JSON.createArrayNode().add(kernel).add(kernel));
        c.set("strides", JSON.createArrayNode().add(strides).add(strides));
        c.put("padding", padding).put("data_format", "channels_last");
        c.set("dilation_rate", JSON.createArrayNode().add(1).add(1));
        return c.put("activation", activation).put("use_bias", bias);
    }

    private void bnActivation(String bn, String activation) {
        add("BatchNormalization", bn, bnConfig(bn));
        add("Activation", activation, config(activation).put("activation", "swish"));
    }

    private ObjectNode bnConfig(String name) {
        ObjectNode c = config(name);
        c.set("axis", JSON.createArrayNode().add(3));
        return c.put("momentum", 0.99).put("epsilon", 0.001).put("center", true).put("scale", true);
    }

    private void add(String className, String name, ObjectNode config) {
        layers.add(layer(className, name, config, nodes(List.of(previous), 0)));
        previous = name;
    }

    private ObjectNode config(String name) {
        return JSON.createObjectNode().put("name", name).put("trainable", true).put("dtype", "float32");
    }

    private static ObjectNode layer(String className, String name, ObjectNode config, ArrayNode inbound) {
        ObjectNode layer = JSON.createObjectNode();
        layer.put("class_name", className);
        layer.set("config", config);
        layer.put("name", name);
        layer.set("inbound_nodes", inbound);
        return layer;
    }

    /** One call on {@code inputs}: {@code [[[name, node, 0, {}], ...]]}. */
    private static ArrayNode nodes(List<String> inputs, int node) {
        ArrayNode call = JSON.createArrayNode();
        for (String input : inputs) {
            call.add(JSON.createArrayNode().add(input).add(node).add(0).add(JSON.createObjectNode()));
        }
        return JSON.createArrayNode().add(call);
    }

    private ObjectNode model(String name, String input, String output) {
        ObjectNode config = JSON.createObjectNode().put("name", name);
        config.set("layers", layers);
        config.set("input_layers", JSON.createArrayNode().add(JSON.createArrayNode().add(input).add(0).add(0)));
        config.set("output_layers", JSON.createArrayNode().add(JSON.createArrayNode().add(output).add(0).add(0)));
        return config;
    }
}
