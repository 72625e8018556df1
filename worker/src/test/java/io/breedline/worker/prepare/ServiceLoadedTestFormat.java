package io.breedline.worker.prepare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Registered in the tests' {@code META-INF/services}, as a Keras importer registers itself: proves a format found by
 * ServiceLoader is asked.
 */
public final class ServiceLoadedTestFormat implements ModelFormat {
    @Override
    public String name() {
        return "test-format";
    }

    @Override
    public boolean accepts(String fileName) {
        return fileName.endsWith(".testformat");
    }

    @Override
    public void prepare(Path file, String origin, Path target) throws IOException {
        Files.copy(file, target.resolve(PreparedModel.SAVED_MODEL));
    }
}
