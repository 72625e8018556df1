package io.breedline.worker.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.worker.inference.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local directories and archives; S3 prefixes and objects are in DjlBreedModelIT, against a real S3 server. */
class ModelPreparerTest {
    @TempDir
    Path tmp;

    private ModelPreparer preparer() {
        return new ModelPreparer(ModelFormats.builtIn(), cache(), () -> {
            throw new AssertionError("no S3 here");
        });
    }

    private Path cache() {
        return tmp.resolve("cache");
    }

    @Test
    void aDirectoryOrItsSavedModelFileIsUsedInPlace() throws Exception {
        Path model = TestArchives.fakeSavedModel(tmp.resolve("resnet"), "w");
        assertThat(preparer().prepare(model.toString()))
                .isEqualTo(new PreparedModel(model, "resnet"));
        assertThat(preparer().prepare(model.resolve("saved_model.pb").toString()))
                .isEqualTo(new PreparedModel(model, "resnet"));
        assertThat(cache()).doesNotExist();
    }

    @Test
    void anArchiveIsUnpackedOnceIntoTheCacheAndHashesLikeItsFolder() throws Exception {
        Path model = TestArchives.fakeSavedModel(tmp.resolve("src/efficientnet"), "w1");
        Path zip = TestArchives.zip(tmp.resolve("effnet.zip"), TestArchives.filesOf(model, "efficientnet/"));

        PreparedModel first = preparer().prepare(zip.toString());
        assertThat(first.defaultName()).isEqualTo("effnet");
        assertThat(first.dir().getParent().getFileName().toString()).matches("effnet-[0-9a-f]{16}");
        assertThat(first.dir().getParent().getParent()).isEqualTo(cache().resolve("models"));
        assertThat(first.dir().getFileName().toString()).isEqualTo("efficientnet");
        assertThat(first.dir().resolve("labels.txt")).hasContent("a\nb");
        assertThat(ModelVersion.of(first.dir())).isEqualTo(ModelVersion.of(model));

        Files.writeString(first.dir().resolve("marker"), "from the first start");
        PreparedModel second = preparer().prepare(zip.toString());
        assertThat(second).isEqualTo(first);
        assertThat(second.dir().resolve("marker")).as("the second start reuses the unpacked model").exists();
        assertThat(cacheEntries()).as("no temporary directories left").containsExactly(first.dir().getParent());
    }

    @Test
    void aChangedArchiveIsUnpackedAgain() throws Exception {
        Path zip = TestArchives.zip(tmp.resolve("m.zip"),
                TestArchives.filesOf(TestArchives.fakeSavedModel(tmp.resolve("v1"), "w1"), ""));
        Path first = preparer().prepare(zip.toString()).dir();
        TestArchives.zip(zip, TestArchives.filesOf(TestArchives.fakeSavedModel(tmp.resolve("v2"), "w2"), ""));
        Path second = preparer().prepare(zip.toString()).dir();
        assertThat(second).isNotEqualTo(first);
        assertThat(second.resolve("variables/variables.data-00000-of-00001")).hasContent("w2");
    }

    @Test
    void anArchiveWithoutASavedModelLeavesNothingInTheCache() throws Exception {
        Path zip = TestArchives.zip(tmp.resolve("photos.zip"),
                Map.of("deep/er/saved_model.pb", new byte[1], "README", new byte[1]));
        assertThatThrownBy(() -> preparer().prepare(zip.toString()))
                .hasMessage("model archive " + zip + " has no saved_model.pb at its root or in a top-level folder; "
                        + "its root holds [README, deep]");
        assertThat(cacheEntries()).isEmpty();
    }

    @Test
    void anArchiveWithTwoSavedModelsIsAmbiguous() throws Exception {
        Path zip = TestArchives.zip(tmp.resolve("two.zip"),
                Map.of("a/saved_model.pb", new byte[1], "b/saved_model.pb", new byte[1]));
        assertThatThrownBy(() -> preparer().prepare(zip.toString()))
                .hasMessage("model archive " + zip + " holds 2 SavedModels ([a, b]); it must hold one");
    }

    @Test
    void aRefusedArchiveLeavesNothingInTheCache() throws Exception {
        Path tgz = TestArchives.tarGz(tmp.resolve("evil.tar.gz"), List.of(
                TestArchives.TarEntry.file("saved_model.pb", "graph"),
                TestArchives.TarEntry.file("../../outside", "owned")));
        assertThatThrownBy(() -> preparer().prepare(tgz.toString()))
                .hasMessageStartingWith("model archive " + tgz + " refused: entry '../../outside' has '..'");
        assertThat(cacheEntries()).isEmpty();
        assertThat(tmp.resolve("outside")).doesNotExist();
    }

    @Test
    void missingAndUnknownFilesSayWhatIsWrong() throws Exception {
        Path missing = tmp.resolve("nope.tar.gz");
        assertThatThrownBy(() -> preparer().prepare(missing.toString()))
                .hasMessage("BREEDLINE_MODEL=" + missing + " does not exist");
        Path rar = Files.writeString(tmp.resolve("model.rar"), "x");
        assertThatThrownBy(() -> preparer().prepare(rar.toString()))
                .hasMessage("BREEDLINE_MODEL=" + rar + " is not a SavedModel: no saved_model.pb in it "
                        + "(a file, of none of the model formats known here: zip, tar.gz, tgz, tar)");
    }

    @Test
    void aFileInARegisteredFormatIsPreparedOnceKeyedByItsBytesAndTheFormatRevision() throws Exception {
        Path file = Files.writeString(tmp.resolve("dogs.fake"), "weights-1");
        CountingFormat format = new CountingFormat(1);
        ModelPreparer preparer = new ModelPreparer(new ModelFormats(List.of(format)), cache(), () -> null);

        PreparedModel first = preparer.prepare(file.toString());
        assertThat(first.defaultName()).isEqualTo("dogs");
        assertThat(first.dir().resolve("saved_model.pb")).hasContent("weights-1");
        assertThat(preparer.prepare(file.toString())).isEqualTo(first);
        assertThat(format.prepared).as("the second start reuses the prepared model").hasValue(1);

        Files.writeString(file, "weights-2");
        PreparedModel changed = preparer.prepare(file.toString());
        assertThat(changed.dir()).isNotEqualTo(first.dir());
        assertThat(changed.dir().resolve("saved_model.pb")).hasContent("weights-2");

        CountingFormat revised = new CountingFormat(2);
        PreparedModel again = new ModelPreparer(new ModelFormats(List.of(revised)), cache(), () -> null)
                .prepare(file.toString());
        assertThat(again.dir()).as("a new revision of the format prepares again").isNotEqualTo(changed.dir());
        assertThat(revised.prepared).hasValue(1);
    }

    @Test
    void aFormatThatFailsLeavesNothingInTheCache() throws Exception {
        Path file = Files.writeString(tmp.resolve("broken.fake"), "x");
        ModelFormat failing = new CountingFormat(1) {
            @Override
            public void prepare(Path source, String origin, Path target) throws IOException {
                Files.writeString(target.resolve("half-written"), "x");
                throw new IllegalArgumentException(origin + " is not a model: test");
            }
        };
        ModelPreparer preparer = new ModelPreparer(new ModelFormats(List.of(failing)), cache(), () -> null);
        assertThatThrownBy(() -> preparer.prepare(file.toString())).hasMessage(file + " is not a model: test");
        Path empty = Files.writeString(tmp.resolve("empty.fake"), "");
        ModelFormat writesNothing = new CountingFormat(1) {
            @Override
            public void prepare(Path source, String origin, Path target) {}
        };
        assertThatThrownBy(() -> new ModelPreparer(new ModelFormats(List.of(writesNothing)), cache(), () -> null)
                .prepare(empty.toString())).hasMessageContaining("has no saved_model.pb");
        assertThat(cacheEntries()).isEmpty();
    }

    @Test
    void twoStartsPreparingTheSameModelAtOnceEndWithOneEntry() throws Exception {
        Path file = Files.writeString(tmp.resolve("shared.fake"), "weights");
        CyclicBarrier bothInside = new CyclicBarrier(2);
        CountingFormat format = new CountingFormat(1) {
            @Override
            public void prepare(Path source, String origin, Path target) throws IOException {
                super.prepare(source, origin, target);
                try {
                    bothInside.await(30, TimeUnit.SECONDS); // neither renames before both have prepared
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        ModelPreparer preparer = new ModelPreparer(new ModelFormats(List.of(format)), cache(), () -> null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<PreparedModel> a = pool.submit(() -> preparer.prepare(file.toString()));
            Future<PreparedModel> b = pool.submit(() -> preparer.prepare(file.toString()));
            PreparedModel first = a.get(60, TimeUnit.SECONDS);
            assertThat(b.get(60, TimeUnit.SECONDS)).isEqualTo(first);
            assertThat(format.prepared).hasValue(2);
            assertThat(first.dir().resolve("saved_model.pb")).hasContent("weights");
            assertThat(cacheEntries()).as("one entry, no temporary directories").containsExactly(first.dir());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void formatsRegisteredThroughServiceLoaderAreInstalledAfterTheArchives() throws Exception {
        assertThat(ModelFormats.installed().names()).startsWith("zip", "tar.gz", "tgz", "tar").contains("test-format");
        Path file = Files.writeString(tmp.resolve("cats.testformat"), "from a plug-in");
        PreparedModel prepared = ModelPreparer.standard(cache(), () -> null).prepare(file.toString());
        assertThat(prepared.defaultName()).isEqualTo("cats");
        assertThat(prepared.dir().resolve("saved_model.pb")).hasContent("from a plug-in");
    }

    /** A format for files named *.fake: their bytes become the saved_model.pb. */
    private static class CountingFormat implements ModelFormat {
        final AtomicInteger prepared = new AtomicInteger();
        private final int revision;

        CountingFormat(int revision) {
            this.revision = revision;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public int revision() {
            return revision;
        }

        @Override
        public boolean accepts(String fileName) {
            return fileName.endsWith(".fake");
        }

        @Override
        public void prepare(Path source, String origin, Path target) throws IOException {
            prepared.incrementAndGet();
            Files.copy(source, target.resolve("saved_model.pb"));
        }
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
