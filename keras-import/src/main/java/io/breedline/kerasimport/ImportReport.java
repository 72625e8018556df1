package io.breedline.kerasimport;

import io.breedline.kerasimport.file.KerasFile;
import io.breedline.kerasimport.graph.ImportedLayer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tensorflow.ndarray.Shape;

/**
 * What a Keras file holds and what the import built from it: its format, the Keras version and backend it records,
 * every layer (nested ones indented), the input and output shapes, the class count and the parameter count as Keras
 * counts it.
 *
 * @param savedModel where the SavedModel was written; empty for {@code model inspect}
 * @param importable why the model cannot be imported, when it cannot; empty when it can
 */
public record ImportReport(Path file, KerasFile.Format format, String kerasVersion, String backend, String modelName,
        String modelClass, List<ImportedLayer> layers, Shape inputShape, Shape outputShape, long parameters,
        Optional<Path> savedModel, Optional<String> importable) {

    /** Output width: the number of classes. */
    public int classes() {
        long[] dims = outputShape.asArray();
        return dims == null || dims.length == 0 ? -1 : (int) dims[dims.length - 1];
    }

    public void print(PrintWriter out) {
        out.printf("%s: %s, keras_version %s, backend %s%n", file, format, kerasVersion, backend);
        out.printf("model %s (%s), %d layers%n", modelName, modelClass, layers.size());
        for (ImportedLayer layer : layers) {
            String shapes = layer.inputShapes().isEmpty() ? "" : layer.inputShapes().stream().map(ImportReport::shape)
                    .collect(Collectors.joining(", ")) + " -> ";
            String name = "  ".repeat(layer.depth()) + layer.name();
            out.printf(Locale.ROOT, "  %-42s %-24s %s%s  %,d params%n", name, layer.className(), shapes,
                    shape(layer.outputShape()), layer.parameters());
        }
        if (importable.isPresent()) {
            out.println("not importable: " + importable.get());
        } else {
            out.printf("input %s, output %s: %d classes%n", shape(inputShape), shape(outputShape), classes());
        }
        out.printf(Locale.ROOT, "total parameters (as Keras counts them): %,d%n", parameters);
        savedModel.ifPresent(dir -> out.println("SavedModel written to " + dir + " (signature serving_default)"));
    }

    static String shape(Shape shape) {
        if (shape == null || shape.isUnknown()) {
            return "?";
        }
        long[] dims = shape.asArray();
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            s.append(i > 0 ? "," : "").append(dims[i] >= 0 ? Long.toString(dims[i]) : i == 0 ? "N" : "?");
        }
        return s.append(']').toString();
    }
}
