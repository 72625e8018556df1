package io.breedline.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Exports an image classifier graph as a SavedModel with the names a Keras export of the real model has, so the
 * worker loads our models exactly as it loads the production one.
 */
public final class SavedModelWriter {
    public static final String SIGNATURE_KEY = "serving_default";
    public static final String TAG = "serve";
    public static final String INPUT_NAME = "input_layer";
    public static final String OUTPUT_NAME = "activation";
    public static final String LABELS_FILE = "labels.txt";
    public static final int IMAGE_SIZE = 256;
    public static final int CHANNELS = 3;

    private SavedModelWriter() {}

    /** The model input: {@code [-1,256,256,3]} float32 RGB in 0..255, NHWC. */
    static Placeholder<TFloat32> imageInput(Ops tf) {
        return imageInput(tf, IMAGE_SIZE);
    }

    static Placeholder<TFloat32> imageInput(Ops tf, int size) {
        return tf.withName(INPUT_NAME)
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, CHANNELS)));
    }

    /**
     * Writes {@code saved_model.pb}, {@code variables/} and {@code labels.txt} into {@code dir}. The session must hold
     * initialised values for every variable of its graph: they are what gets saved.
     */
    static Path export(
            Session session, Operand<TFloat32> input, Operand<TFloat32> output, Path dir, List<String> labels) {
        try {
            Files.createDirectories(dir);
            Signature signature = Signature.builder()
                    .key(SIGNATURE_KEY)
                    .input(INPUT_NAME, input)
                    .output(OUTPUT_NAME, output)
                    .build();
            SavedModelBundle.exporter(dir.toString())
                    .withTags(TAG)
                    .withSession(session)
                    .withSignature(signature)
                    .export();
            writeLines(dir.resolve(LABELS_FILE), labels);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SavedModel to " + dir, e);
        }
    }

    static void writeLines(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
