package io.breedline.models;

import io.breedline.tensorflow.TensorFlowRuntime;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A tiny SavedModel for pipeline tests whose answer is a function of the image: the top class is the corner of the
 * RGB cube nearest to the image's mean colour. A test can paint each image a different prototype colour and check
 * that every image got its own label back, so a pipeline that mixes up images within or across batches fails.
 *
 * <p>logits_k = SCALE * (2 m.p_k - |p_k|^2), with m the mean colour in 0..1 and p_k the prototype: the same ranking as
 * -|m - p_k|^2, computed as mean, matmul and bias, then softmax.
 */
public final class OracleModel {
    /** Large enough that a solid prototype colour with mild noise scores above 0.9 for its own class. */
    static final float SCALE = 10f;

    private static final List<String> LABELS =
            List.of("black", "red", "green", "blue", "yellow", "cyan", "magenta", "white");
    private static final int[][] PROTOTYPES = {
        {0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}
    };

    private OracleModel() {}

    /** The class labels in output order. */
    public static List<String> labels() {
        return LABELS;
    }

    /** The prototype colour of a class, fully saturated (channels 0 or 255). */
    public static Color colourOf(int classIndex) {
        if (classIndex < 0 || classIndex >= PROTOTYPES.length) {
            throw new IllegalArgumentException(
                    "class index " + classIndex + " is outside 0.." + (PROTOTYPES.length - 1));
        }
        int[] p = PROTOTYPES[classIndex];
        return new Color(p[0] * 255, p[1] * 255, p[2] * 255);
    }

    /** The class the model ranks first for an image with this mean colour (channels in 0..255). */
    public static int expectedClass(double meanR, double meanG, double meanB) {
        double[] m = {meanR / 255, meanG / 255, meanB / 255};
        int best = 0;
        double bestLogit = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < PROTOTYPES.length; k++) {
            double logit = 0;
            for (int c = 0; c < 3; c++) {
                logit += 2 * m[c] * PROTOTYPES[k][c] - PROTOTYPES[k][c] * PROTOTYPES[k][c];
            }
            if (logit > bestLogit) {
                bestLogit = logit;
                best = k;
            }
        }
        return best;
    }

    /** Writes the SavedModel and {@code labels.txt} into {@code dir} and returns {@code dir}. */
    public static Path build(Path dir) {
        TensorFlowRuntime.ensureLoaded();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Weights weights = new Weights(tf);
            Placeholder<TFloat32> input = SavedModelWriter.imageInput(tf);

            Ops dense = tf.withSubScope("prototypes");
            Operand<TFloat32> kernel = weights.variable(dense, "kernel", Shape.of(3, LABELS.size()), Init.of(kernel()));
            Operand<TFloat32> bias = weights.variable(dense, "bias", Shape.of(LABELS.size()), Init.of(bias()));

            Operand<TFloat32> meanColour = tf.math.mean(input, tf.constant(new int[] {1, 2}));
            Operand<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(meanColour, kernel), bias);
            Operand<TFloat32> probabilities = tf.withName(SavedModelWriter.OUTPUT_NAME).nn.softmax(logits);

            try (Session session = new Session(graph)) {
                weights.initialize(session, 0L);
                return SavedModelWriter.export(session, input, probabilities, dir, LABELS);
            }
        }
    }

    // The division by 255 is folded into the kernel, so the graph takes the raw 0..255 mean.
    private static float[] kernel() {
        float[] w = new float[3 * PROTOTYPES.length];
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < PROTOTYPES.length; k++) {
                w[c * PROTOTYPES.length + k] = SCALE * 2 * PROTOTYPES[k][c] / 255f;
            }
        }
        return w;
    }

    private static float[] bias() {
        float[] b = new float[PROTOTYPES.length];
        for (int k = 0; k < PROTOTYPES.length; k++) {
            int[] p = PROTOTYPES[k];
            b[k] = -SCALE * (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        }
        return b;
    }
}
