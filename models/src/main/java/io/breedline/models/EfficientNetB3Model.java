package io.breedline.models;

import io.breedline.tensorflow.TensorFlowRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * The demo and benchmark model: the original project's network, Keras {@code EfficientNetB3(include_top=False,
 * weights=None)} on 256x256 input with a 120-breed head, built with TensorFlow's Java ops and random weights from a
 * fixed seed. It has the real model's shape, size and cost, not its accuracy.
 *
 * <p>Weights follow Keras' defaults (He-normal convolutions, identity BatchNorm statistics). Without trained
 * statistics nothing renormalises the signal, so it shrinks about twofold per stage and the output is close to uniform
 * (top probability near 1/120); it is finite and deterministic, which is what demos and benchmarks need.
 */
public final class EfficientNetB3Model {
    public static final String NAME = "efficientnetb3-demo";
    public static final String PROPERTIES_FILE = "model.properties";
    public static final long SEED_DEFAULT = 42L;
    /**
     * Bumped whenever the builder's graph changes, so caches keyed by it rebuild: 2 added Keras 2.9's division by
     * sqrt(IMAGENET_STDDEV_RGB) after Normalization.
     */
    public static final int GRAPH_REVISION = 2;

    private static final String BREEDS_RESOURCE = "breeds.txt";
    private static final List<String> BREEDS = readBreeds();

    private EfficientNetB3Model() {}

    /** The 120 Stanford Dogs breeds, in output order. */
    public static List<String> breeds() {
        return BREEDS;
    }

    /**
     * Writes the SavedModel ({@code saved_model.pb}, {@code variables/}), {@code labels.txt} and
     * {@code model.properties} into {@code dir}; the same seed always gives the same weights.
     */
    public static Path build(Path dir, long seed) {
        TensorFlowRuntime.ensureLoaded();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Weights weights = new Weights(tf);
            EfficientNetGraph.Network network = newNetwork(tf, weights);
            try (Session session = new Session(graph)) {
                weights.initialize(session, seed);
                SavedModelWriter.export(session, network.input(), network.output(), dir, BREEDS);
            }
            SavedModelWriter.writeLines(dir.resolve(PROPERTIES_FILE), List.of(
                    "name=" + NAME,
                    "graph_revision=" + GRAPH_REVISION,
                    "architecture=EfficientNetB3 (Keras 2.9, include_top=False) + GlobalAveragePooling2D + Dense("
                            + BREEDS.size() + ") + softmax",
                    "seed=" + seed,
                    "backbone_parameters=" + network.backboneParameters(),
                    "head_parameters=" + network.headParameters()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + PROPERTIES_FILE + " to " + dir, e);
        }
    }

    /** Backbone parameters as Keras counts them: BatchNorm moving statistics and Normalization state included. */
    public static long backboneParameterCount() {
        return ParameterCounts.NETWORK.backboneParameters();
    }

    /** Parameters of the classification head (Dense 1536 -> 120). */
    public static long headParameterCount() {
        return ParameterCounts.NETWORK.headParameters();
    }

    // Counted from the variables a fresh graph actually creates, so the numbers cannot drift from the model; built
    // once, on first use, because building the graph takes a couple of seconds.
    private static final class ParameterCounts {
        static final EfficientNetGraph.Network NETWORK = countParameters();

        private static EfficientNetGraph.Network countParameters() {
            TensorFlowRuntime.ensureLoaded();
            try (Graph graph = new Graph()) {
                Ops tf = Ops.create(graph);
                return newNetwork(tf, new Weights(tf));
            }
        }
    }

    private static EfficientNetGraph.Network newNetwork(Ops tf, Weights weights) {
        return EfficientNetGraph.build(tf, weights, EfficientNetScaling.B3, BlockArgs.DEFAULT, BREEDS.size());
    }

    private static List<String> readBreeds() {
        try (InputStream in = EfficientNetB3Model.class.getResourceAsStream(BREEDS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BREEDS_RESOURCE + " is missing from the models jar");
            }
            List<String> breeds = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
            if (breeds.size() != 120) {
                throw new IllegalStateException(BREEDS_RESOURCE + " has " + breeds.size() + " breeds, expected 120");
            }
            return breeds;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BREEDS_RESOURCE, e);
        }
    }
}
