package io.breedline.kerasimport.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.breedline.kerasimport.file.KerasFile;
import io.breedline.kerasimport.file.ModelFileException;
import io.breedline.kerasimport.file.StoredArray;
import io.breedline.kerasimport.spec.InboundNode;
import io.breedline.kerasimport.spec.LayerSpec;
import io.breedline.kerasimport.spec.ModelSpec;
import io.breedline.kerasimport.spec.ModelSpecParser;
import io.breedline.kerasimport.spec.TensorRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Builds a Keras model's inference graph with TensorFlow ops, weights as constants: walks the functional config,
 * calling each layer on the tensors its inbound nodes name, and nested models on theirs.
 */
public final class KerasGraph {
    /** The built graph's ends and what was built. */
    public record Built(ModelSpec model, Placeholder<TFloat32> input, Operand<TFloat32> output,
            List<ImportedLayer> layers) {
        /** Parameters of the top-level layers (a nested model counts all of its own). */
        public long parameters() {
            return layers.stream().filter(l -> l.depth() == 0).mapToLong(ImportedLayer::parameters).sum();
        }
    }

    private final Ops tf;
    private final KerasFile file;
    private final List<ImportedLayer> built = new ArrayList<>();

    private KerasGraph(Ops tf, KerasFile file) {
        this.tf = tf;
        this.file = file;
    }

    public static Built build(Ops tf, KerasFile file) {
        ModelSpec model = ModelSpecParser.parse(file.modelConfig());
        KerasGraph graph = new KerasGraph(tf, file);
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new ModelFileException(file.path() + ": expected one image input and one output, found "
                    + model.inputs().size() + " inputs and " + model.outputs().size() + " outputs");
        }
        LayerSpec inputLayer = model.layer(model.inputs().get(0).layer()).orElseThrow(() -> new ModelFileException(
                file.path() + ": input layer " + model.inputs().get(0).layer() + " is not among the layers"));
        Placeholder<TFloat32> input = tf.withName(inputLayer.name())
                .placeholder(TFloat32.class, Placeholder.shape(imageShape(file, inputLayer)));
        List<Operand<TFloat32>> outputs = graph.run(model, List.of(), List.of(input), 0);
        return new Built(model, input, outputs.get(0), List.copyOf(graph.built));
    }

    /** The input must be a batch of RGB images, {@code [N, H, W, 3]} (H and W may be open). */
    static Shape imageShape(KerasFile file, LayerSpec inputLayer) {
        JsonNode config = inputLayer.config();
        JsonNode shape = config.has("batch_shape") ? config.get("batch_shape") : config.get("batch_input_shape");
        String dtype = config.path("dtype").isTextual() ? config.path("dtype").asText() : "float32";
        boolean image = shape != null && shape.isArray() && shape.size() == 4 && shape.get(3).asInt() == 3;
        if (!image || !dtype.equals("float32")) {
            throw new ModelFileException(file.path() + ": expected an image input [N, H, W, 3] float32, found input "
                    + inputLayer.name() + " " + shape + " " + dtype);
        }
        return Shape.of(-1, dim(shape.get(1)), dim(shape.get(2)), 3);
    }

    private static long dim(JsonNode d) {
        return d == null || d.isNull() ? Shape.UNKNOWN_SIZE : d.asLong();
    }

    private List<Operand<TFloat32>> run(ModelSpec model, List<LayerSpec> parents, List<Operand<TFloat32>> inputs,
            int depth) {
        Map<TensorRef, Operand<TFloat32>> tensors = new HashMap<>();
        for (int i = 0; i < model.inputs().size(); i++) {
            TensorRef ref = model.inputs().get(i);
            tensors.put(new TensorRef(ref.layer(), 0, 0), inputs.get(i));
        }
        Ops scope = parents.isEmpty() ? tf : tf.withSubScope(model.name());
        for (LayerSpec layer : order(model)) {
            List<LayerSpec> path = new ArrayList<>(parents);
            path.add(layer);
            if (layer.className().equals("InputLayer")) {
                Operand<TFloat32> in = tensors.get(new TensorRef(layer.name(), 0, 0));
                built.add(new ImportedLayer(layer.name(), layer.className(), depth, List.of(),
                        in == null ? Shape.unknown() : in.shape(), 0));
                continue;
            }
            for (int n = 0; n < layer.inbound().size(); n++) {
                InboundNode node = layer.inbound().get(n);
                List<Operand<TFloat32>> in = new ArrayList<>();
                for (TensorRef ref : node.inputs()) {
                    Operand<TFloat32> t = tensors.get(ref);
                    if (t == null) {
                        throw new ModelFileException("layer " + layer.name() + " is called on " + ref
                                + ", which no earlier layer produces");
                    }
                    in.add(t);
                }
                List<Operand<TFloat32>> out = call(scope, layer, node, in, path, depth);
                for (int t = 0; t < out.size(); t++) {
                    if (layer.isModel()) {
                        // Keras numbers a nested model's calls from 1 (its node 0 is its own construction, left out
                        // of the config); writers that do not skip it number from 0, which is taken when free.
                        tensors.put(new TensorRef(layer.name(), n + 1, t), out.get(t));
                        tensors.putIfAbsent(new TensorRef(layer.name(), n, t), out.get(t));
                    } else {
                        tensors.put(new TensorRef(layer.name(), n, t), out.get(t));
                    }
                }
            }
        }
        List<Operand<TFloat32>> outputs = new ArrayList<>();
        for (TensorRef ref : model.outputs()) {
            Operand<TFloat32> t = tensors.get(ref);
            if (t == null) {
                throw new ModelFileException("model " + model.name() + ": output " + ref + " is never produced");
            }
            outputs.add(t);
        }
        return outputs;
    }

    private List<Operand<TFloat32>> call(Ops scope, LayerSpec layer, InboundNode node, List<Operand<TFloat32>> in,
            List<LayerSpec> path, int depth) {
        List<Shape> shapes = in.stream().map(Operand::shape).toList();
        if (layer.isModel()) {
            int at = built.size();
            List<Operand<TFloat32>> out = run(layer.nested(), path, in, depth + 1);
            long parameters = built.subList(at, built.size()).stream()
                    .filter(l -> l.depth() == depth + 1).mapToLong(ImportedLayer::parameters).sum();
            built.add(at, new ImportedLayer(layer.name(), layer.className(), depth, shapes, out.get(0).shape(),
                    parameters));
            return out;
        }
        List<StoredArray> arrays = file.weights().arrays(path);
        LayerOp op = SupportedLayers.of(layer);
        LayerWeights weights = new LayerWeights(layer.name(), arrays, !file.isKeras3());
        Operand<TFloat32> out = op.apply(new LayerCall(scope.withSubScope(OpNames.safe(layer.name())), layer, node, in,
                weights, file.isKeras3()));
        built.add(new ImportedLayer(layer.name(), layer.className(), depth, shapes, out.shape(),
                arrays.stream().mapToLong(StoredArray::size).sum()));
        return List.of(out);
    }

    /** Keras lists layers in creation order, which is a valid call order for every config it writes. */
    private static List<LayerSpec> order(ModelSpec model) {
        return model.layers();
    }
}
