package io.breedline.worker.inference;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A model whose variables were turned into constants at load ({@link GraphFreezer}), run through a TensorFlow session
 * of its own (DJL loads SavedModels only). Same inputs, same outputs as the {@link DjlBreedModel} it came from; the
 * loader checks that before serving it.
 */
final class FrozenBreedModel implements BreedModel {
    private final Graph graph;
    private final Session session;
    private final String input;
    private final String output;
    private final ModelSignature signature;
    private final List<String> labels;
    private final String name;
    private final String version;
    private final String description;

    private FrozenBreedModel(Graph graph, Session session, String input, String output, ModelSignature signature,
            List<String> labels, String name, String version, String description) {
        this.graph = graph;
        this.session = session;
        this.input = input;
        this.output = output;
        this.signature = signature;
        this.labels = labels;
        this.name = name;
        this.version = version;
        this.description = description;
    }

    /** Freezes the SavedModel {@code plain} was loaded from; {@code plain} itself is left as it is. */
    static FrozenBreedModel freeze(DjlBreedModel plain) throws GraphFreezer.NotFreezableException {
        ModelSignature signature = plain.signature();
        ConfigProto config = plain.sessionConfigProto();
        GraphFreezer.Frozen frozen;
        String input;
        String output;
        try (SavedModelBundle bundle = SavedModelBundle.loader(plain.dir().toString())
                .withTags("serve").withConfigProto(config).load()) {
            input = tensorName(bundle, signature, true);
            output = tensorName(bundle, signature, false);
            frozen = GraphFreezer.freeze(bundle.metaGraphDef().getGraphDef(), bundle.graph(), bundle.session(), input,
                    output);
        }
        Graph graph = new Graph();
        try {
            graph.importGraphDef(frozen.graph());
            Session session = new Session(graph, config);
            String inlined = frozen.inlinedCalls() == 0 ? "" : ", " + frozen.inlinedCalls() + " function calls inlined";
            String description = "frozen: " + frozen.constants() + " variables as constants ("
                    + frozen.constantBytes() / (1024 * 1024) + " MiB)" + inlined + ", own session; " + plain.describe();
            return new FrozenBreedModel(graph, session, input, output, signature, plain.labels(), plain.name(), plain.version(),
                    description);
        } catch (RuntimeException e) {
            graph.close();
            throw new GraphFreezer.NotFreezableException("TensorFlow refuses the frozen graph: " + e.getMessage());
        }
    }

    // The signature's TensorInfo names ("input_layer:0"), which ModelSignature keeps by their signature keys.
    private static String tensorName(SavedModelBundle bundle, ModelSignature signature, boolean input) {
        var def = bundle.metaGraphDef().getSignatureDefOrThrow(signature.key());
        return (input ? def.getInputsOrThrow(signature.inputName()) : def.getOutputsOrThrow(signature.outputName()))
                .getName();
    }

    @Override
    public float[][] predict(float[] pixels, int n) {
        int perImage = inputHeight() * inputWidth() * 3;
        if (n < 1 || pixels.length < n * perImage) {
            throw new IllegalArgumentException("need " + n + " images of " + perImage + " floats, got " + pixels.length);
        }
        try (TFloat32 images = TFloat32.tensorOf(Shape.of(n, inputHeight(), inputWidth(), 3),
                        DataBuffers.of(pixels, true, false).narrow((long) n * perImage));
                Result result = session.runner().feed(input, images).fetch(output).run()) {
            TFloat32 probabilities = (TFloat32) result.get(0);
            Shape shape = probabilities.shape();
            if (shape.numDimensions() != 2 || shape.get(0) != n) {
                throw new IllegalStateException("the model returned shape " + shape + " for " + n + " images; expected [" + n + ",C]");
            }
            int classes = Math.toIntExact(shape.get(1));
            float[] flat = new float[n * classes];
            probabilities.copyTo(DataBuffers.of(flat, false, false));
            return OutputRows.split(flat, n, classes);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public int inputHeight() {
        return signature.height();
    }

    @Override
    public int inputWidth() {
        return signature.width();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
