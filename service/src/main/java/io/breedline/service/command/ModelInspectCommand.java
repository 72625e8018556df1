package io.breedline.service.command;

import io.breedline.kerasimport.ImportReport;
import io.breedline.kerasimport.KerasImporter;
import io.breedline.tensorflow.TensorFlowRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {
            "Show what a Keras model file holds, writing nothing: the Keras version and backend it records, its",
            "layers with their classes, nesting and shapes, the input and output, and the parameter count as Keras",
            "counts it. A model with layers the importer does not support is listed all the same, with the reason."
        })
public final class ModelInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The Keras model file (.h5 or .keras).")
    Path model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter printer = spec.commandLine().getOut();
        TensorFlowRuntime.ensureLoaded();
        ImportReport report = KerasImporter.inspect(model);
        report.print(printer);
        printer.flush();
        return report.importable().isPresent() ? 3 : 0;
    }
}
