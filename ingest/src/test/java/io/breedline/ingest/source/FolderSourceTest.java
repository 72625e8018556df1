package io.breedline.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {
    @TempDir Path tmp;

    @Test
    void walksNestedFoldersDepthFirstInNameOrderWithAbsolutePathsAndSizes() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("dogs"));
        write(root.resolve("b.jpg"), 3);
        write(root.resolve("a.png"), 1);
        write(root.resolve("sub/z.jpg"), 7);
        write(root.resolve("sub/deeper/y.gif"), 2);
        write(root.resolve("c/notes.txt"), 4);
        Files.createDirectories(root.resolve("empty"));

        List<SourceObject> listed = list(new FolderSource(root));

        assertThat(listed).extracting(SourceObject::uri).containsExactly(
                root + "/a.png",
                root + "/b.jpg",
                root + "/c/notes.txt",
                root + "/sub/deeper/y.gif",
                root + "/sub/z.jpg");
        assertThat(listed).extracting(SourceObject::sizeBytes).containsExactly(1L, 3L, 4L, 2L, 7L);
        assertThat(listed).allSatisfy(o -> {
            assertThat(o.etag()).isNull();
            assertThat(o.versionId()).isNull();
        });
    }

    @Test
    void twoWalksOfTheSameTreeListTheSameOrder() throws IOException {
        Path root = tmp.resolve("many");
        for (int i = 0; i < 40; i++) {
            write(root.resolve("d" + (i % 4) + "/f" + (i * 7919 % 97) + ".jpg"), 1);
        }
        FolderSource source = new FolderSource(root);

        List<String> first = list(source).stream().map(SourceObject::uri).toList();

        assertThat(first).hasSize(40).isSorted();
        assertThat(list(source).stream().map(SourceObject::uri).toList()).isEqualTo(first);
    }

    @Test
    void leavesOutHiddenFilesAndEverythingUnderHiddenFolders() throws IOException {
        Path root = tmp.resolve("root");
        write(root.resolve("visible.jpg"), 1);
        write(root.resolve(".hidden.jpg"), 1);
        write(root.resolve(".thumbnails/t1.jpg"), 1);
        write(root.resolve("sub/.DS_Store"), 1);
        write(root.resolve("sub/.cache/x.jpg"), 1);
        write(root.resolve("sub/ok.jpg"), 1);

        assertThat(list(new FolderSource(root))).extracting(SourceObject::uri)
                .containsExactly(root + "/sub/ok.jpg", root + "/visible.jpg");
    }

    @Test
    void doesNotFollowSymbolicLinksOutOfTheRoot() throws IOException {
        Path outside = tmp.resolve("outside");
        write(outside.resolve("secret.jpg"), 1);
        write(outside.resolve("more/other.jpg"), 1);
        Path root = tmp.resolve("root");
        write(root.resolve("mine.jpg"), 1);
        Files.createSymbolicLink(root.resolve("linked-file.jpg"), outside.resolve("secret.jpg"));
        Files.createSymbolicLink(root.resolve("linked-dir"), outside.resolve("more"));
        Files.createSymbolicLink(root.resolve("up"), tmp);

        List<SourceObject> listed = list(new FolderSource(root));

        assertThat(listed).extracting(SourceObject::uri).containsExactly(root + "/mine.jpg");
    }

    @Test
    void doesNotListAFileTwiceThroughALinkInsideTheRoot() throws IOException {
        Path root = tmp.resolve("root");
        write(root.resolve("real/rex.jpg"), 1);
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        Files.createSymbolicLink(root.resolve("rex-again.jpg"), root.resolve("real/rex.jpg"));

        assertThat(list(new FolderSource(root))).extracting(SourceObject::uri).containsExactly(root + "/real/rex.jpg");
    }

    @Test
    void aRootGivenRelativeOrWithDotDotIsListedWithAbsoluteNormalisedPaths() throws IOException {
        Path root = tmp.resolve("root");
        write(root.resolve("a.jpg"), 1);
        Path messy = tmp.resolve("root/../root/./");

        FolderSource source = new FolderSource(messy);

        assertThat(source.description()).isEqualTo(root.toString());
        assertThat(list(source)).extracting(SourceObject::uri).containsExactly(root + "/a.jpg");
        Path relative = Path.of("").toAbsolutePath().relativize(root);
        assertThat(list(new FolderSource(relative))).extracting(SourceObject::uri).containsExactly(root + "/a.jpg");
    }

    @Test
    void aRootThatIsALinkToAFolderIsWalked() throws IOException {
        Path real = tmp.resolve("real");
        write(real.resolve("a.jpg"), 1);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);

        assertThat(list(new FolderSource(link))).extracting(SourceObject::uri).containsExactly(link + "/a.jpg");
    }

    @Test
    void aMissingFolderIsRefusedByName() {
        Path missing = tmp.resolve("nope");

        assertThatThrownBy(() -> new FolderSource(missing))
                .isInstanceOf(SourceException.class)
                .hasMessage("folder " + missing + " does not exist");
    }

    @Test
    void aFileIsNotAFolder() throws IOException {
        Path file = write(tmp.resolve("x.jpg"), 1);

        assertThatThrownBy(() -> new FolderSource(file))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith(file + " is not a directory");
    }

    @Test
    void anUnreadableFolderIsRefusedByName() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every folder");
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("-wx------"));
        try {
            assertThatThrownBy(() -> new FolderSource(locked))
                    .isInstanceOf(SourceException.class)
                    .hasMessage("folder " + locked + " is not readable by this user");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void anEmptyFolderListsNothing() throws IOException {
        assertThat(list(new FolderSource(Files.createDirectory(tmp.resolve("empty"))))).isEmpty();
    }

    private static List<SourceObject> list(ImageSource source) {
        List<SourceObject> out = new ArrayList<>();
        source.forEach(out::add);
        return out;
    }

    private static Path write(Path file, int size) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[size]);
    }
}
