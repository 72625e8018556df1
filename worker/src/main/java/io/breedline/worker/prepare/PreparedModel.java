package io.breedline.worker.prepare;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A SavedModel ready to load: a local directory holding {@code saved_model.pb}, and the name the model goes by unless
 * configured.
 */
public record PreparedModel(Path dir, String defaultName) {
    public static final String SAVED_MODEL = "saved_model.pb";

    public PreparedModel {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(defaultName, "defaultName");
    }
}
