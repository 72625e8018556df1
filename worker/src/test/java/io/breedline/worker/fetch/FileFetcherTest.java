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
    void noRootsMeansNoLocalFiles() {
        FileFetcher none = new FileFetcher(FileRoots.none(), 1000);
        String uri = root.resolve("dogs/rex.jpg").toString();
        assertThatThrownBy(() -> none.fetch(ref(uri))).hasMessageContaining("this worker reads no local files");
    }

    @Test
    void unsetRootsAllowAnyFileButStillNoDotDot() throws Exception {
        FileFetcher any = new FileFetcher(FileRoots.parse(""), 1000);
        assertThat(any.fetch(ref(outside.resolve("key.pem").toString()))).containsExactly(9);
        assertThatThrownBy(() -> any.fetch(ref(root + "/../secrets/key.pem"))).hasMessageContaining("contains '..'");
    }

    @Test
    void rootsParseFromAPathList() {
        FileRoots roots = FileRoots.parse("/data/a" + java.io.File.pathSeparator + " /data/b ");
        assertThat(roots.allowAll()).isFalse();
        assertThat(roots.roots()).containsExactly(Path.of("/data/a"), Path.of("/data/b"));
        assertThat(FileRoots.parse("none")).isEqualTo(FileRoots.none());
        assertThatThrownBy(() -> FileRoots.parse("relative/dir")).hasMessageContaining("is not an absolute directory");
    }

    @Test
    void theRouterRefusesOtherSchemes() {
        RoutingFetcher router = new RoutingFetcher(r -> new byte[] {1}, fetcher);
        assertThatThrownBy(() -> router.fetch(ref("http://example.com/dog.jpg"))).isInstanceOf(FetchException.class)
                .hasMessage("http://example.com/dog.jpg: unsupported source, the scheme 'http:'; "
                        + "this worker reads s3://bucket/key URIs and absolute local file paths");
        assertThatThrownBy(() -> router.fetch(ref("dogs/rex.jpg"))).hasMessageContaining("unsupported source, a relative path");
    }

    private static ImageRef ref(String uri) {
        return ImageRef.of(uri, null, null, null, "job-1", Instant.EPOCH);
    }
}
