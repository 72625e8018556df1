package io.breedline.kerasimport;

import io.breedline.kerasimport.file.KerasFile;
import io.breedline.kerasimport.file.ModelFileException;
import io.breedline.kerasimport.graph.ImportedLayer;
import io.breedline.kerasimport.graph.KerasGraph;
import io.breedline.kerasimport.graph.LayerListing;
import io.breedline.kerasimport.spec.ModelSpec;
import io.breedline.kerasimport.spec.ModelSpecParser;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * Turns a Keras model file into a SavedModel: signature {@code serving_default}, one float32 {@code [N,H,W,3]} image
 * input, the model's probabilities out, weights stored as constants in the graph, and {@code labels.txt}. TensorFlow's
 * native library must be loaded before either method is called.
 */
public final class KerasImporter {
    public static final String SIGNATURE_KEY = "serving_default";
    public static final String TAG = "serve";
    public static final String LABELS_FILE = "labels.txt";

    private KerasImporter() {}

    /** Reads the file and builds its graph in memory, writing nothing. A model that cannot be built is still listed. */
    public static ImportReport inspect(Path kerasFile) {
        try {
            return inspectFile(kerasFile);
        } catch (HdfException e) {
            throw damaged(kerasFile, e);
        }
    }

    private static ImportReport inspectFile(Path kerasFile) {
        try (KerasFile file = KerasFile.open(kerasFile)) {
            ModelSpec model = ModelSpecParser.parse(file.modelConfig());
            try (Graph graph = new Graph()) {
                KerasGraph.Built built = KerasGraph.build(Ops.create(graph), file);
                return report(file, built, Optional.empty(), Optional.empty());
            } catch (ModelFileException e) {
                List<ImportedLayer> layers = LayerListing.of(file, model);
                long parameters = layers.stream().filter(l -> l.depth() == 0).mapToLong(ImportedLayer::parameters).sum();
                return new ImportReport(kerasFile, file.format(), file.kerasVersion(), file.backend(), model.name(),
                        model.className(), layers, org.tensorflow.ndarray.Shape.unknown(),
                        org.tensorflow.ndarray.Shape.unknown(), parameters, Optional.empty(),
                        Optional.of(e.getMessage()));
            }
        }
    }

    /**
     * Imports {@code kerasFile} into {@code outDir} (which must not hold anything yet). With {@code labels}, the file
     * must have one label per output class; without, the classes are named {@code class_0}, {@code class_1}, ...
     */
    public static ImportReport importModel(Path kerasFile, Path outDir, Optional<Path> labels) {
        try {
            return importFile(kerasFile, outDir, labels);
        } catch (HdfException e) {
            throw damaged(kerasFile, e);
        }
    }

    /** jhdf reports a truncated file or a damaged structure met while reading weights as an HdfException. */
    private static ModelFileException damaged(Path kerasFile, HdfException e) {
        return new ModelFileException(kerasFile + ": expected a readable HDF5 file, found a truncated or damaged one ("
                + e.getMessage() + ")", e);
    }

    private static ImportReport importFile(Path kerasFile, Path outDir, Optional<Path> labels) {
        if (Files.exists(outDir) && !isEmptyDir(outDir)) {
            throw new ModelFileException(outDir + ": expected an empty or new directory to write the SavedModel to, "
                    + "found one with files in it");
        }
        try (KerasFile file = KerasFile.open(kerasFile); Graph graph = new Graph()) {
            KerasGraph.Built built = KerasGraph.build(Ops.create(graph), file);
            long[] out = built.output().shape().asArray();
            if (out.length != 2 || out[1] < 1) {
                throw new ModelFileException(kerasFile + ": expected an output [N, classes], found "
                        + ImportReport.shape(built.output().shape()));
            }
            List<String> names = labels(labels, (int) out[1]);
            Files.createDirectories(outDir);
            try (Session session = new Session(graph)) {
                Signature signature = Signature.builder().key(SIGNATURE_KEY)
                        .input(built.input().op().name(), built.input())
                        .output(built.model().outputs().get(0).layer(), built.output())
                        .build();
                SavedModelBundle.exporter(outDir.toString()).withTags(TAG).withSession(session)
                        .withSignature(signature).export();
            }
            DeterministicSavedModel.rewrite(outDir.resolve("saved_model.pb"));
            Files.write(outDir.resolve(LABELS_FILE), names, StandardCharsets.UTF_8);
            return report(file, built, Optional.of(outDir), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SavedModel to " + outDir, e);
        }
    }

    private static List<String> labels(Optional<Path> labels, int classes) throws IOException {
        if (labels.isEmpty()) {
            return IntStream.range(0, classes).mapToObj(i -> "class_" + i).toList();
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(labels.get(), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != classes) {
            throw new ModelFileException(labels.get() + ": expected " + classes + " labels (the model's output has "
                    + classes + " classes), found " + names.size());
        }
        return names;
    }

    private static ImportReport report(KerasFile file, KerasGraph.Built built, Optional<Path> savedModel,
            Optional<String> importable) {
        return new ImportReport(file.path(), file.format(), file.kerasVersion(), file.backend(), built.model().name(),
                built.model().className(), built.layers(), built.input().shape(), built.output().shape(),
                built.parameters(), savedModel, importable);
    }

    private static boolean isEmptyDir(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
