package io.breedline.kerasimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.worker.prepare.ModelPreparer;
import io.breedline.worker.prepare.PreparedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras file given as the model goes through the one model-preparation step: found through ServiceLoader, imported
 * once into the cache, reused on the next start, refused with the model named as the user gave it.
 */
class KerasModelFormatTest {
    @TempDir
    Path dir;

    @Test
    void aKerasFileIsImportedOnceIntoTheCache() throws IOException {
        Path model = dir.resolve("tiny.h5");
        new TinyKerasFiles(3).writeH5(model, false, "[null, 8, 8, 3]");
        ModelPreparer preparer = ModelPreparer.standard(dir.resolve("cache"), () -> {
            throw new AssertionError("no S3 for a local file");
        });

        PreparedModel first = preparer.prepare(model.toString());
        assertThat(first.dir().resolve("saved_model.pb")).isRegularFile();
        assertThat(first.dir().resolve("labels.txt")).hasContent("class_0\nclass_1\nclass_2\nclass_3\nclass_4");
        assertThat(first.defaultName()).isEqualTo("tiny");
        long modified = Files.getLastModifiedTime(first.dir().resolve("saved_model.pb")).toMillis();

        PreparedModel again = preparer.prepare(model.toString());
        assertThat(again.dir()).isEqualTo(first.dir());
        assertThat(Files.getLastModifiedTime(again.dir().resolve("saved_model.pb")).toMillis()).isEqualTo(modified);
    }

    @Test
    void aBadKerasFileIsRefusedNamingTheModelAsGiven() throws IOException {
        Path model = Files.writeString(dir.resolve("broken.keras"), "PK\3\4 not really a zip");
        ModelPreparer preparer = ModelPreparer.standard(dir.resolve("cache"), () -> null);
        assertThatThrownBy(() -> preparer.prepare(model.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(model.toString())
                .hasMessageContaining("expected a readable zip archive (.keras), found a truncated or damaged one");
    }
}
