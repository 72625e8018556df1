package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelVersionTest {
    @TempDir
    Path tmp;

    @Test
    void theSameFilesAnywhereHashTheSame() throws Exception {
        Path a = model(tmp.resolve("a"), "weights-1");
        Path b = model(tmp.resolve("elsewhere/b"), "weights-1");
        assertThat(ModelVersion.of(a)).matches("sha256:[0-9a-f]{16}").isEqualTo(ModelVersion.of(b));
    }

    @Test
    void changedWeightsChangeTheVersion() throws Exception {
        assertThat(ModelVersion.of(model(tmp.resolve("a"), "weights-1")))
                .isNotEqualTo(ModelVersion.of(model(tmp.resolve("b"), "weights-2")));
    }

    @Test
    void labelsAndOtherFilesAreNotPartOfTheModel() throws Exception {
        Path a = model(tmp.resolve("a"), "w");
        String before = ModelVersion.of(a);
        Files.writeString(a.resolve("labels.txt"), "x\n");
        Files.writeString(a.resolve("README"), "notes");
        assertThat(ModelVersion.of(a)).isEqualTo(before);
    }

    @Test
    void aRenamedFileIsADifferentModel() throws Exception {
        Path a = model(tmp.resolve("a"), "w");
        String before = ModelVersion.of(a);
        Files.move(a.resolve("variables/variables.index"), a.resolve("variables/other.index"));
        assertThat(ModelVersion.of(a)).isNotEqualTo(before);
    }

    @Test
    void linkedFilesAndFoldersAreHashedAsTheirContent() throws Exception {
        // As a Kubernetes volume presents a model: the real files under a hidden folder, links at the top.
        Path real = model(tmp.resolve("vol/..data"), "w");
        Path mounted = Files.createDirectories(tmp.resolve("vol"));
        Files.createSymbolicLink(mounted.resolve("saved_model.pb"), Path.of("..data/saved_model.pb"));
        Files.createSymbolicLink(mounted.resolve("variables"), Path.of("..data/variables"));
        assertThat(ModelVersion.of(mounted)).isEqualTo(ModelVersion.of(real));
    }

    private static Path model(Path dir, String weights) throws Exception {
        Files.createDirectories(dir.resolve("variables"));
        Files.writeString(dir.resolve("saved_model.pb"), "graph");
        Files.writeString(dir.resolve("variables/variables.index"), "index");
        Files.writeString(dir.resolve("variables/variables.data-00000-of-00001"), weights);
        return dir;
    }
}
