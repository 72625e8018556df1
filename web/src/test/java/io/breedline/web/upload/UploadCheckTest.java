package io.breedline.web.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.testkit.TestImages;
import io.breedline.web.http.ApiException;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadCheckTest {
    @TempDir
    Path dir;

    @Test
    void contentDecidesNotTheName() {
        UploadCheck check = new UploadCheck(1_000_000, 1_000_000);
        assertThat(check.check(TestImages.png(10, 10, Color.RED))).isEqualTo("PNG");
        assertThatThrownBy(() -> check.check("%PDF-1.7 not a photo".getBytes()))
                .isInstanceOf(ApiException.class).hasMessageContaining("PDF")
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(415));
        assertThatThrownBy(() -> check.check(TestImages.png(1001, 1000, Color.RED)))
                .hasMessageContaining("BREEDLINE_WEB_MAX_UPLOAD_PIXELS")
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(413));
    }

    @Test
    void namesLoseTheirFoldersAndControlCharacters() throws Exception {
        assertThat(UploadCheck.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(UploadCheck.safeName("C:\\Users\\me\\dog.jpg")).isEqualTo("dog.jpg");
        assertThat(UploadCheck.safeName("..")).isEqualTo("upload");
        assertThat(UploadCheck.safeName("a\u0000b\nc.jpg")).isEqualTo("abc.jpg");
        assertThat(UploadCheck.safeName("<img src=x onerror=alert(1)>.jpg")).isEqualTo("<img src=x onerror=alert(1)>.jpg");

        LocalUploads uploads = new LocalUploads(dir);
        String stored = uploads.store("../../escape.jpg", new byte[] {1, 2, 3});
        assertThat(Path.of(stored).getParent().getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(Files.readAllBytes(Path.of(stored))).containsExactly(1, 2, 3);
        assertThat(uploads.store("other-name.jpg", new byte[] {1, 2, 3})).startsWith(Path.of(stored).getParent().toString());
    }
}
