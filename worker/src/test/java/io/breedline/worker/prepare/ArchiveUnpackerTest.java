package io.breedline.worker.prepare;

import static io.breedline.worker.prepare.TestArchives.TarEntry.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.breedline.worker.prepare.ArchiveUnpacker.Limits;
import io.breedline.worker.prepare.TestArchives.TarEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveUnpackerTest {
    @TempDir
    Path tmp;

    @Test
    void aZipUnpacksByteForByte() throws Exception {
        Map<String, byte[]> files = TestArchives.filesOf(TestArchives.fakeSavedModel(tmp.resolve("m"), "w1"), "");
        Path zip = TestArchives.zip(tmp.resolve("m.zip"), files);
        Path out = Files.createDirectory(tmp.resolve("out"));
        ArchiveUnpacker.unpack(zip, ArchiveFormat.ZIP, zip.toString(), out, Limits.DEFAULT);
        assertThat(TestArchives.filesOf(out, "")).containsOnlyKeys(files.keySet());
        files.forEach((name, bytes) -> assertThat(out.resolve(name)).hasBinaryContent(bytes));
    }

    @Test
    void aTarGzFromTheSystemTarUnpacksWithItsTopLevelFolder() throws Exception {
        Path model = TestArchives.fakeSavedModel(tmp.resolve("src/efficientnet"), "w1");
        // A path over 100 bytes: GNU tar stores it in a long-name entry, pax in a path record.
        Path deep = model.resolve("assets/" + "d".repeat(60) + "/" + "f".repeat(60) + ".txt");
        Files.createDirectories(deep.getParent());
        Files.writeString(deep, "deep");
        Path gnu = tmp.resolve("gnu.tar.gz");
        Path pax = tmp.resolve("pax.tgz");
        assumeTrue(TestArchives.systemTar(tmp.resolve("src"), "--format=gnu", "-czf", gnu.toString(), "efficientnet"),
                "no tar on this machine");
        TestArchives.systemTar(tmp.resolve("src"), "--format=pax", "-czf", pax.toString(), "efficientnet");
        for (Path archive : List.of(gnu, pax)) {
            Path out = Files.createDirectory(tmp.resolve("out-" + archive.getFileName()));
            ArchiveUnpacker.unpack(archive, ArchiveFormat.of(archive.getFileName().toString()).orElseThrow(), archive.toString(),
                    out, Limits.DEFAULT);
            assertThat(TestArchives.filesOf(out, "")).as(archive.getFileName().toString())
                    .containsOnlyKeys(TestArchives.filesOf(model, "efficientnet/").keySet());
            assertThat(out.resolve("efficientnet").resolve(model.relativize(deep))).hasContent("deep");
            assertThat(out.resolve("efficientnet/variables/variables.data-00000-of-00001")).hasContent("w1");
        }
    }

    @Test
    void aTarMadeFromInsideTheFolderHasItsFilesAtTheRoot() throws Exception {
        Path model = TestArchives.fakeSavedModel(tmp.resolve("m"), "w1");
        Path archive = tmp.resolve("m.tar.gz");
        assumeTrue(TestArchives.systemTar(model, "-czf", archive.toString(), "."), "no tar on this machine");
        Path out = Files.createDirectory(tmp.resolve("out"));
        ArchiveUnpacker.unpack(archive, ArchiveFormat.TAR_GZ, archive.toString(), out, Limits.DEFAULT);
        assertThat(out.resolve("saved_model.pb")).hasContent("graph");
        assertThat(out.resolve("variables/variables.index")).hasContent("index");
    }

    @Test
    void zipSlipIsRefusedAndNothingLandsOutside() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("saved_model.pb", bytes("graph"));
        entries.put("variables/../../evil.txt", bytes("owned"));
        Path zip = TestArchives.zip(tmp.resolve("slip.zip"), entries);
        Path out = Files.createDirectories(tmp.resolve("a/out"));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(zip, ArchiveFormat.ZIP, "s3://b/slip.zip", out, Limits.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model archive s3://b/slip.zip refused: entry 'variables/../../evil.txt' has '..' in its "
                        + "path; it could be written outside the model directory");
        assertThat(tmp.resolve("a/evil.txt")).doesNotExist();
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void absolutePathsAreRefused() throws Exception {
        Path tgz = TestArchives.tarGz(tmp.resolve("abs.tar.gz"), List.of(file("/tmp/evil.txt", "owned")));
        Path zip = TestArchives.zip(tmp.resolve("abs.zip"), Map.of("/etc/evil", bytes("owned")));
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(tgz, ArchiveFormat.TAR_GZ, "abs.tar.gz", out, Limits.DEFAULT))
                .hasMessage("model archive abs.tar.gz refused: entry '/tmp/evil.txt' has an absolute path; it would be "
                        + "written outside the model directory");
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(zip, ArchiveFormat.ZIP, "abs.zip", out, Limits.DEFAULT))
                .hasMessageContaining("entry '/etc/evil' has an absolute path");
    }

    @Test
    void linksAreRefusedInTarsAndZips() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Path symlink = TestArchives.tarGz(tmp.resolve("sym.tar.gz"),
                List.of(file("saved_model.pb", "graph"), TarEntry.of("variables", '2')));
        Path hardlink = TestArchives.tarGz(tmp.resolve("hard.tar.gz"),
                List.of(file("saved_model.pb", "graph"), TarEntry.of("copy.pb", '1')));
        Path fifo = TestArchives.tarGz(tmp.resolve("fifo.tar.gz"), List.of(TarEntry.of("pipe", '6')));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(symlink, ArchiveFormat.TAR_GZ, "sym.tar.gz", out, Limits.DEFAULT))
                .hasMessage("model archive sym.tar.gz refused: entry 'variables' is a symbolic link; a model archive "
                        + "may hold only files and directories");
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(hardlink, ArchiveFormat.TAR_GZ, "hard.tar.gz",
                Files.createDirectory(tmp.resolve("hard-out")), Limits.DEFAULT))
                .hasMessageContaining("entry 'copy.pb' is a hard link");
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(fifo, ArchiveFormat.TAR_GZ, "fifo.tar.gz",
                Files.createDirectory(tmp.resolve("fifo-out")), Limits.DEFAULT))
                .hasMessageContaining("entry 'pipe' has tar type '6'");

        Path zip = TestArchives.zip(tmp.resolve("sym.zip"),
                Map.of("saved_model.pb", bytes("graph"), "variables", bytes("/etc")));
        TestArchives.markZipSymlink(zip, "variables");
        Path zipOut = Files.createDirectory(tmp.resolve("zip-out"));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(zip, ArchiveFormat.ZIP, "sym.zip", zipOut, Limits.DEFAULT))
                .hasMessage("model archive sym.zip refused: entry 'variables' is a symbolic link or special file; a "
                        + "model archive may hold only files and directories");
    }

    @Test
    void sizeAndEntryCountAreBoundedByWhatIsWrittenNotWhatIsClaimed() throws Exception {
        Path big = TestArchives.zip(tmp.resolve("big.zip"), Map.of("saved_model.pb", new byte[5000]));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(big, ArchiveFormat.ZIP, "big.zip",
                Files.createDirectory(tmp.resolve("o1")), new Limits(4096, 10)))
                .hasMessage("model archive big.zip refused: entry 'saved_model.pb' takes the unpacked model over 4096 bytes");
        Path bigTar = TestArchives.tarGz(tmp.resolve("big.tar.gz"),
                List.of(file("a", "x".repeat(3000)), file("b", "x".repeat(3000))));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(bigTar, ArchiveFormat.TAR_GZ, "big.tar.gz",
                Files.createDirectory(tmp.resolve("o2")), new Limits(4096, 10)))
                .hasMessageContaining("entry 'b' takes the unpacked model over 4096 bytes");
        Path many = TestArchives.tarGz(tmp.resolve("many.tar.gz"),
                List.of(file("a", ""), file("b", ""), file("c", ""), file("d", "")));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(many, ArchiveFormat.TAR_GZ, "many.tar.gz",
                Files.createDirectory(tmp.resolve("o3")), new Limits(4096, 3)))
                .hasMessage("model archive many.tar.gz refused: has more than the 3 entries allowed");
    }

    @Test
    void anEntryThatAppearsTwiceIsRefused() throws Exception {
        Path tgz = TestArchives.tarGz(tmp.resolve("dup.tar.gz"),
                List.of(file("saved_model.pb", "graph"), file("./saved_model.pb", "other graph")));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(tgz, ArchiveFormat.TAR_GZ, "dup.tar.gz",
                Files.createDirectory(tmp.resolve("out")), Limits.DEFAULT))
                .hasMessage("model archive dup.tar.gz refused: entry './saved_model.pb' appears twice");
    }

    @Test
    void somethingThatIsNotTheFormatItsNameSaysIsAnIoError() throws Exception {
        Path fake = Files.writeString(tmp.resolve("model.tar.gz"), "not gzip at all");
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(fake, ArchiveFormat.TAR_GZ, "model.tar.gz", out, Limits.DEFAULT))
                .isInstanceOf(IOException.class).hasMessageContaining("GZIP");
        Path garbage = Files.write(tmp.resolve("g.tar.gz"), gzip("x".repeat(2000)));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(garbage, ArchiveFormat.TAR_GZ, "g.tar.gz", out, Limits.DEFAULT))
                .isInstanceOf(IOException.class).hasMessageContaining("not a tar archive");
    }

    @Test
    void aSymlinkIsFoundInAZip64Archive() throws Exception {
        // Past 65535 entries java.util.zip writes a zip64 end record: the directory's place is only found through it.
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("saved_model.pb", bytes("graph"));
        for (int i = 0; i < 65_600; i++) {
            entries.put("f" + i, new byte[0]);
        }
        entries.put("link", bytes("/etc/passwd"));
        Path zip = TestArchives.zip(tmp.resolve("big.zip"), entries);
        TestArchives.markZipSymlink(zip, "link");
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(zip, ArchiveFormat.ZIP, "big.zip", out, Limits.DEFAULT))
                .hasMessage("model archive big.zip refused: entry 'link' is a symbolic link or special file; a model "
                        + "archive may hold only files and directories");
        assertThat(out.resolve("link")).doesNotExist();
    }

    @Test
    void aSymlinkFromTheSystemTarIsRefused() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/m"));
        Files.writeString(src.resolve("saved_model.pb"), "graph");
        Files.createSymbolicLink(src.resolve("variables"), Path.of("/etc"));
        Path archive = tmp.resolve("m.tar");
        assumeTrue(TestArchives.systemTar(tmp.resolve("src"), "-cf", archive.toString(), "m"), "no tar on this machine");
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(archive, ArchiveFormat.TAR, "m.tar", out, Limits.DEFAULT))
                .hasMessage("model archive m.tar refused: entry 'm/variables' is a symbolic link; a model archive may "
                        + "hold only files and directories");
        assertThat(out.resolve("m/variables")).doesNotExist();
    }

    @Test
    void somethingElseIsNotAZip() throws Exception {
        Path notZip = Files.writeString(tmp.resolve("x.zip"), "hello");
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(notZip, ArchiveFormat.ZIP, "x.zip", out, Limits.DEFAULT))
                .isInstanceOf(IOException.class);
    }

    @Test
    void archiveNamesAreRecognised() {
        assertThat(ArchiveFormat.of("Model.TAR.GZ")).contains(ArchiveFormat.TAR_GZ);
        assertThat(ArchiveFormat.of("m.tgz")).contains(ArchiveFormat.TGZ);
        assertThat(ArchiveFormat.of("m.zip")).contains(ArchiveFormat.ZIP);
        assertThat(ArchiveFormat.of("m.tar")).contains(ArchiveFormat.TAR);
        assertThat(ArchiveFormat.of(".zip")).isEmpty();
        assertThat(ArchiveFormat.of("saved_model.pb")).isEmpty();
        assertThat(ArchiveFormat.TAR_GZ.modelName("efficientnet.tar.gz")).isEqualTo("efficientnet");
        assertThat(ArchiveFormat.TAR_GZ.name()).isEqualTo("tar.gz");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes(s));
        }
        return out.toByteArray();
    }
}
