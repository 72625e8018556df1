package io.breedline.kerasimport;

import io.breedline.kerasimport.file.ModelFileException;
import io.breedline.tensorflow.TensorFlowRuntime;
import io.breedline.worker.prepare.ModelFormat;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras model files as a model-preparation format: {@code --model} / {@code BREEDLINE_MODEL} naming a {@code .h5},
 * {@code .hdf5} or {@code .keras} file (local or on S3) is imported once into the model cache and then served like
 * any SavedModel. Registered through {@code META-INF/services}, so every command that prepares a model reads Keras
 * files when this module is on its classpath.
 */
public final class KerasModelFormat implements ModelFormat {
    private static final Logger log = LoggerFactory.getLogger(KerasModelFormat.class);

    @Override
    public String name() {
        return "keras";
    }

    @Override
    public boolean accepts(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".keras");
    }

    @Override
    public void prepare(Path file, String origin, Path target) {
        TensorFlowRuntime.ensureLoaded();
        long start = System.nanoTime();
        try {
            ImportReport report = KerasImporter.importModel(file, target, Optional.empty());
            log.info("Imported Keras model {} ({}, keras_version {}): input {}, {} classes, {} parameters, in {} ms",
                    origin, report.format(), report.kerasVersion(), ImportReport.shape(report.inputShape()),
                    report.classes(), report.parameters(), (System.nanoTime() - start) / 1_000_000);
        } catch (ModelFileException e) {
            // The file may be a temporary download: messages name the model as the user gave it.
            throw new ModelFileException(e.getMessage().replace(file.toString(), origin), e);
        }
    }
}
