package io.breedline.service.command;

import io.breedline.kerasimport.ImportReport;
import io.breedline.kerasimport.KerasImporter;
import io.breedline.tensorflow.TensorFlowRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {
            "Turn a Keras model file (.h5 as Keras 2 / TensorFlow 2.x saves it, or a Keras 3 .keras archive) into a",
            "SavedModel the worker serves: signature serving_default, float32 [N,H,W,3] in, probabilities out,",
            "weights stored as constants, labels.txt. Prints each layer, the input size, the class count and the",
            "parameter count as Keras counts it. No Python needed."
        })
public final class ModelImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The Keras model file (.h5 or .keras).")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the SavedModel to (new or empty).")
    Path out;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Class names, one a line, in output order (default: class_0, class_1, ...).")
    Path labels;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter printer = spec.commandLine().getOut();
        TensorFlowRuntime.ensureLoaded();
        long start = System.nanoTime();
        ImportReport report = KerasImporter.importModel(model, out, Optional.ofNullable(labels));
        report.print(printer);
        printer.printf("Imported in %.1f s%n", (System.nanoTime() - start) / 1e9);
        printer.flush();
        return 0;
    }
}
