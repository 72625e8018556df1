package io.breedline.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.contracts.ImageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFetcherTest {
    @TempDir
    Path tmp;

    private Path root;
    private Path outside;
    private FileFetcher fetcher;

    @BeforeEach
    void files() throws Exception {
        root = Files.createDirectories(tmp.resolve("photos"));
        outside = Files.createDirectories(tmp.resolve("secrets"));
        Files.createDirectories(root.resolve("dogs"));
        Files.write(root.resolve("dogs/rex.jpg"), new byte[] {1, 2, 3});
        Files.write(outside.resolve("key.pem"), new byte[] {9});
        fetcher = new FileFetcher(FileRoots.of(root), 1000);
    }

    @Test
    void readsAFileInsideARoot() throws Exception {
        assertThat(fetcher.fetch(ref(root.resolve("dogs/rex.jpg").toString()))).containsExactly(1, 2, 3);
        assertThat(fetcher.fetch(ref(root.resolve("dogs/rex.jpg").toUri().toString()))).containsExactly(1, 2, 3);
    }

    @Test
    void refusesAFileOutsideTheRoots() {
        String uri = outside.resolve("key.pem").toString();
        assertThatThrownBy(() -> fetcher.fetch(ref(uri))).isInstanceOf(FetchException.class)
                .hasMessageStartingWith(uri + ": refused, outside the allowed directories")
                .hasMessageContaining("BREEDLINE_FILE_ROOTS=" + root);
    }

    @Test
    void refusesDotDotEvenWhenItWouldLandInsideARoot() {
        String uri = root + "/dogs/../dogs/rex.jpg";
        assertThatThrownBy(() -> fetcher.fetch(ref(uri))).hasMessage(uri + ": refused, the path contains '..'");
    }

    @Test
    void refusesASymbolicLinkLeadingOutOfTheRoot() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("dogs/innocent.jpg"), outside.resolve("key.pem"));
        assertThatThrownBy(() -> fetcher.fetch(ref(link.toString())))
                .hasMessageContaining("refused, outside the allowed directories (it resolves to "
                        + outside.toRealPath().resolve("key.pem") + ")");
    }

    @Test
    void followsASymbolicLinkThatStaysInsideTheRoot() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("alias.jpg"), root.resolve("dogs/rex.jpg"));
        assertThat(fetcher.fetch(ref(link.toString()))).containsExactly(1, 2, 3);
    }

    @Test
    void saysWhenTheFileIsMissingOrNotAFile() {
        String missing = root.resolve("dogs/gone.jpg").toString();
        assertThatThrownBy(() -> fetcher.fetch(ref(missing))).hasMessage(missing + ": no such file");
        String dir = root.resolve("dogs").toString();
        assertThatThrownBy(() -> fetcher.fetch(ref(dir))).hasMessage(dir + ": not a regular file");
    }

    @Test
    void refusesFilesOverTheSizeLimit() throws Exception {
        Path big = Files.write(root.resolve("big.jpg"), new byte[1001]);
        assertThatThrownBy(() -> fetcher.fetch(ref(big.toString())))
                .hasMessage(big + ": refused, 1001 bytes is more than the limit of 1000 (BREEDLINE_MAX_IMAGE_BYTES)");
    }

    @Test
    void unsetRootsMeanNoLocalFilesAndTheRefusalNamesTheVariable() {
        // A worker started without BREEDLINE_FILE_ROOTS: whoever can write to the images topic must not be able to
        // make it open a file of its node.
        for (FileRoots unset : new FileRoots[] {FileRoots.parse(""), FileRoots.parse(null), FileRoots.parse("none")}) {
            FileFetcher none = new FileFetcher(unset, 1000);
            for (String uri : new String[] {"file:///etc/passwd", "/etc/passwd", root.resolve("dogs/rex.jpg").toString()}) {
                assertThatThrownBy(() -> none.fetch(ref(uri))).as(uri).isInstanceOf(FetchException.class)
                        .hasMessage(uri + ": refused, this worker reads no local files (set BREEDLINE_FILE_ROOTS to "
                                + "the folders it may read images from)")
                        .satisfies(e -> assertThat(((FetchException) e).retriable()).isFalse());
            }
        }
    }

    @Test
    void etcPasswdIsOutsideTheRootsAsAFileUriAndThroughDotDot() {
        assertThatThrownBy(() -> fetcher.fetch(ref("file:///etc/passwd")))
                .hasMessage("file:///etc/passwd: refused, outside the allowed directories; BREEDLINE_FILE_ROOTS=" + root);
        assertThatThrownBy(() -> fetcher.fetch(ref(root + "/../../../../etc/passwd")))
                .hasMessage(root + "/../../../../etc/passwd: refused, the path contains '..'");
    }

    @Test
    void rootsParseFromAPathList() {
        FileRoots roots = FileRoots.parse("/data/a" + java.io.File.pathSeparator + " /data/b ");
        assertThat(roots.roots()).containsExactly(Path.of("/data/a"), Path.of("/data/b"));
        assertThat(FileRoots.parse("none")).isEqualTo(FileRoots.none());
        assertThatThrownBy(() -> FileRoots.parse("relative/dir")).hasMessageContaining("is not an absolute directory");
    }

    @Test
    void theRouterRefusesOtherSchemesAndSendsHttpToItsFetcher() throws Exception {
        RoutingFetcher router = new RoutingFetcher(r -> new byte[] {1}, fetcher, r -> new byte[] {2});
        assertThat(router.fetch(ref("http://example.com/dog.jpg"))).containsExactly(2);
        assertThat(router.fetch(ref("HTTPS://example.com/dog.jpg"))).containsExactly(2);
        assertThatThrownBy(() -> router.fetch(ref("ftp://example.com/dog.jpg"))).isInstanceOf(FetchException.class)
                .hasMessage("ftp://example.com/dog.jpg: unsupported source, the scheme 'ftp:'; this worker reads "
                        + "s3://bucket/key URIs, absolute local file paths and http(s) URLs under BREEDLINE_HTTP_ALLOW");
        assertThatThrownBy(() -> router.fetch(ref("dogs/rex.jpg"))).hasMessageContaining("unsupported source, a relative path");
    }

    @Test
    void refusesAPathThroughASymlinkedDirectoryInTheMiddle() throws Exception {
        // photos/dogs/shared -> secrets: photos/dogs/shared/key.pem looks inside the root, but is not.
        Path linkedDir = Files.createSymbolicLink(root.resolve("dogs/shared"), outside);
        String uri = linkedDir.resolve("key.pem").toString();
        assertThatThrownBy(() -> fetcher.fetch(ref(uri))).isInstanceOf(FetchException.class)
                .hasMessage(uri + ": refused, outside the allowed directories (it resolves to "
                        + outside.toRealPath().resolve("key.pem") + "); BREEDLINE_FILE_ROOTS=" + root);
        assertThatThrownBy(() -> fetcher.fetch(ref(linkedDir.toUri() + "key.pem"))).hasMessageContaining("refused, outside");
    }

    @Test
    void refusesSystemFilesByAbsolutePathOrFileUri() {
        for (String uri : new String[] {"/proc/self/environ", "file:///proc/self/environ", "/etc/passwd",
                "file:/etc/shadow", "/proc/self/cwd/../../etc/passwd", "/dev/zero"}) {
            assertThatThrownBy(() -> fetcher.fetch(ref(uri))).as(uri).isInstanceOf(FetchException.class)
                    .hasMessageStartingWith(uri + ": ")
                    .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("refused, outside the allowed directories",
                            "refused, the path contains '..'", "refused, a system file", "no such file", "permission denied"))
                    .satisfies(e -> assertThat(((FetchException) e).retriable()).isFalse());
        }
        // Even where it exists and is readable, /proc/self/environ (this process's secrets) is refused...
        assertThatThrownBy(() -> fetcher.fetch(ref("/proc/self/environ")))
                .hasMessage("/proc/self/environ: refused, a system file (/proc, /sys and /dev are never read)");
    }

    @Test
    void systemFilesAreRefusedEvenUnderTheRootDirectory() throws Exception {
        // ... also when BREEDLINE_FILE_ROOTS=/, and through a link: its bytes would otherwise reach a dead letter (the
        // decoder quotes the first bytes of what it cannot read).
        FileFetcher any = new FileFetcher(FileRoots.parse("/"), 1_000_000);
        Path link = Files.createSymbolicLink(root.resolve("env.jpg"), Path.of("/proc/self/environ"));
        for (String uri : new String[] {"/proc/self/environ", "file:///proc/1/cmdline", "/sys/kernel/hostname",
                "/dev/urandom", link.toString()}) {
            assertThatThrownBy(() -> any.fetch(ref(uri))).as(uri)
                    .hasMessage(uri + ": refused, a system file (/proc, /sys and /dev are never read)");
        }
    }

    @Test
    void refusesDotDotInFileUrisAndAPrefixLookalikeRoot() throws Exception {
        String uri = "file://" + root + "/dogs/../../secrets/key.pem";
        assertThatThrownBy(() -> fetcher.fetch(ref(uri))).hasMessageContaining("contains '..'");
        // photos-evil starts with the characters of photos, but is another directory.
        Path lookalike = Files.createDirectories(tmp.resolve("photos-evil"));
        Path file = Files.write(lookalike.resolve("x.jpg"), new byte[] {7});
        assertThatThrownBy(() -> fetcher.fetch(ref(file.toString()))).hasMessageContaining("refused, outside the allowed directories");
    }

    private static ImageRef ref(String uri) {
        return ImageRef.of(uri, null, null, null, "job-1", Instant.EPOCH);
    }
}
