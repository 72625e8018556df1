package io.breedline.models;

import io.breedline.tensorflow.TensorFlowRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.IntStream;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The project's EfficientNet written twice from one set of weights: as a SavedModel (the graph TensorFlow's Java ops
 * build) and as the Keras 2.9 {@code .h5} file {@code model.save("m.h5")} would have written for the same network, so
 * an importer can be checked against the graph it should reproduce.
 */
public final class KerasModelFiles {
    /** What was written, and the parameter counts Keras reports for the backbone and the head. */
    public record Written(Path savedModel, Path kerasFile, long backboneParameters, long headParameters) {}

    static final String HEAD_LAYER = "dense";

    private KerasModelFiles() {}

    /** Writes {@code dir/savedmodel} and {@code dir/<variant>.h5}; the same seed always gives the same weights. */
    public static Written efficientNet(Path dir, EfficientNetVariant variant, long seed, List<String> labels) {
        TensorFlowRuntime.ensureLoaded();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Weights weights = new Weights(tf);
            EfficientNetGraph.Network network = EfficientNetGraph.build(tf, weights, variant.scaling(),
                    variant.blocks(), variant.classes(), variant.imageSize());
            Path savedModel = dir.resolve("savedmodel");
            Path kerasFile = dir.resolve(variant.name() + ".h5");
            try (Session session = new Session(graph)) {
                weights.initialize(session, seed);
                SavedModelWriter.export(session, network.input(), network.output(), savedModel, labels);
                KerasH5Writer.write(kerasFile, KerasEfficientNetConfig.KERAS_VERSION, KerasEfficientNetConfig.modelConfig(variant),
                        layers(session, weights.created(), variant));
            }
            return new Written(savedModel, kerasFile, network.backboneParameters(), network.headParameters());
        }
    }

    /** Class names {@code class_0 .. class_{n-1}}, for variants without breed names. */
    public static List<String> classNames(int classes) {
        return IntStream.range(0, classes).mapToObj(i -> "class_" + i).toList();
    }

    /**
     * The top-level layers of the Keras model with their weights: the backbone's all in its one group (trainable
     * first, as Keras 2 lists a model's weights), the head's in its own.
     */
    private static LinkedHashMap<String, List<KerasH5Writer.Weight>> layers(
            Session session, List<Weights.Created> created, EfficientNetVariant variant) {
        List<KerasH5Writer.Weight> backboneTrainable = new ArrayList<>();
        List<KerasH5Writer.Weight> backboneOther = new ArrayList<>();
        List<KerasH5Writer.Weight> head = new ArrayList<>();
        Session.Runner runner = session.runner();
        created.forEach(c -> runner.fetch(c.name()));
        try (Result values = runner.run()) {
            for (int i = 0; i < created.size(); i++) {
                Weights.Created c = created.get(i);
                KerasH5Writer.Weight w = new KerasH5Writer.Weight(c.name() + ":0", c.shape().asArray(),
                        values(values.get(i)));
                if (c.name().startsWith(HEAD_LAYER + "/")) {
                    head.add(w);
                } else if (c.trainable()) {
                    backboneTrainable.add(w);
                } else {
                    backboneOther.add(w);
                }
            }
        }
        List<KerasH5Writer.Weight> backbone = new ArrayList<>(backboneTrainable);
        backbone.addAll(backboneOther);
        LinkedHashMap<String, List<KerasH5Writer.Weight>> layers = new LinkedHashMap<>();
        layers.put("input_layer", List.of());
        layers.put(variant.name(), backbone);
        layers.put("global_average_pool_layer", List.of());
        layers.put(HEAD_LAYER, head);
        layers.put(SavedModelWriter.OUTPUT_NAME, List.of());
        return layers;
    }

    private static Object values(Tensor tensor) {
        if (tensor instanceof TInt64 scalar) {
            return scalar.getLong();
        }
        TFloat32 t = (TFloat32) tensor;
        float[] flat = new float[Math.toIntExact(t.shape().size())];
        t.asRawTensor().data().asFloats().read(flat);
        return flat;
    }
}
