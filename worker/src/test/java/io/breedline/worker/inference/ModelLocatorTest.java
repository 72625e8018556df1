package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local directories and archives; S3 prefixes and objects are in DjlBreedModelIT, against a real S3 server. */
class ModelLocatorTest {
    @TempDir
    Path tmp;

    private Path cache() {
        return tmp.resolve("cache");
    }

    @Test
    void aDirectoryOrItsSavedModelFileIsUsedInPlace() throws Exception {
        Path model = TestArchives.fakeSavedModel(tmp.resolve("resnet"), "w");
        assertThat(ModelLocator.locate(model.toString(), () -> null, cache()))
                .isEqualTo(new ModelLocator.LocatedModel(model, "resnet"));
        assertThat(ModelLocator.locate(model.resolve("saved_model.pb").toString(), () -> null, cache()))
                .isEqualTo(new ModelLocator.LocatedModel(model, "resnet"));
        assertThat(cache()).doesNotExist();
    }

    @Test
    void anArchiveIsUnpackedOnceIntoTheCacheAndHashesLikeItsFolder() throws Exception {
        Path model = TestArchives.fakeSavedModel(tmp.resolve("src/efficientnet"), "w1");
        Path zip = TestArchives.zip(tmp.resolve("effnet.zip"), TestArchives.filesOf(model, "efficientnet/"));

        ModelLocator.LocatedModel first = ModelLocator.locate(zip.toString(), () -> null, cache());
        assertThat(first.defaultName()).isEqualTo("effnet");
        assertThat(first.dir().getParent().getFileName().toString()).matches("effnet-[0-9a-f]{16}");
        assertThat(first.dir().getParent().getParent()).isEqualTo(cache().resolve("models"));
        assertThat(first.dir().getFileName().toString()).isEqualTo("efficientnet");
        assertThat(first.dir().resolve("labels.txt")).hasContent("a\nb");
        assertThat(ModelVersion.of(first.dir())).isEqualTo(ModelVersion.of(model));

        Files.writeString(first.dir().resolve("marker"), "from the first start");
        ModelLocator.LocatedModel second = ModelLocator.locate(zip.toString(), () -> null, cache());
        assertThat(second).isEqualTo(first);
        assertThat(second.dir().resolve("marker")).as("the second start reuses the unpacked model").exists();
        assertThat(cacheEntries()).as("no temporary directories left").containsExactly(first.dir().getParent());
    }

    @Test
    void aChangedArchiveIsUnpackedAgain() throws Exception {
        Path zip = TestArchives.zip(tmp.resolve("m.zip"),
                TestArchives.filesOf(TestArchives.fakeSavedModel(tmp.resolve("v1"), "w1"), ""));
        Path first = ModelLocator.locate(zip.toString(), () -> null, cache()).dir();
        TestArchives.zip(zip, TestArchives.filesOf(TestArchives.fakeSavedModel(tmp.resolve("v2"), "w2"), ""));
        Path second = ModelLocator.locate(zip.toString(), () -> null, cache()).dir();
        assertThat(second).isNotEqualTo(first);
        assertThat(second.resolve("variables/variables.data-00000-of-00001")).hasContent("w2");
    }

    @Test
    void anArchiveWithoutASavedModelLeavesNothingInTheCache() throws Exception {
        Path zip = TestArchives.zip(tmp.resolve("photos.zip"),
                Map.of("deep/er/saved_model.pb", new byte[1], "README", new byte[1]));
        assertThatThrownBy(() -> ModelLocator.locate(zip.toString(), () -> null, cache()))
                .hasMessage("model archive " + zip + " has no saved_model.pb at its root or in a top-level folder; "
                        + "its root holds [README, deep]");
        assertThat(cacheEntries()).isEmpty();
    }

    @Test
    void anArchiveWithTwoSavedModelsIsAmbiguous() throws Exception {
        Path zip = TestArchives.zip(tmp.resolve("two.zip"),
                Map.of("a/saved_model.pb", new byte[1], "b/saved_model.pb", new byte[1]));
        assertThatThrownBy(() -> ModelLocator.locate(zip.toString(), () -> null, cache()))
                .hasMessage("model archive " + zip + " holds 2 SavedModels ([a, b]); it must hold one");
    }

    @Test
    void aRefusedArchiveLeavesNothingInTheCache() throws Exception {
        Path tgz = TestArchives.tarGz(tmp.resolve("evil.tar.gz"), List.of(
                TestArchives.TarEntry.file("saved_model.pb", "graph"),
                TestArchives.TarEntry.file("../../outside", "owned")));
        assertThatThrownBy(() -> ModelLocator.locate(tgz.toString(), () -> null, cache()))
                .hasMessageStartingWith("model archive " + tgz + " refused: entry '../../outside' has '..'");
        assertThat(cacheEntries()).isEmpty();
        assertThat(tmp.resolve("outside")).doesNotExist();
    }

    @Test
    void missingAndUnknownFilesSayWhatIsWrong() throws Exception {
        Path missing = tmp.resolve("nope.tar.gz");
        assertThatThrownBy(() -> ModelLocator.locate(missing.toString(), () -> null, cache()))
                .hasMessage("BREEDLINE_MODEL=" + missing + " does not exist");
        Path rar = Files.writeString(tmp.resolve("model.rar"), "x");
        assertThatThrownBy(() -> ModelLocator.locate(rar.toString(), () -> null, cache()))
                .hasMessage("BREEDLINE_MODEL=" + rar + " is not a SavedModel: no saved_model.pb in it "
                        + "(a file; archives must end in .zip, .tar.gz, .tgz or .tar)");
    }

    private List<Path> cacheEntries() throws Exception {
        Path models = cache().resolve("models");
        if (!Files.isDirectory(models)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(models)) {
            return list.toList();
        }
    }
}
