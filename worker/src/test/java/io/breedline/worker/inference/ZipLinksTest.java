package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipLinksTest {
    @TempDir
    Path tmp;

    @Test
    void filesAndFoldersAreNotSpecial() throws Exception {
        Path zip = TestArchives.zip(tmp.resolve("m.zip"), Map.of("m/", new byte[0], "m/saved_model.pb", new byte[3]));
        assertThat(ZipLinks.specialEntries(zip)).isEmpty();
    }

    @Test
    void aSymlinkIsFoundInAZip64Directory() throws Exception {
        // Past 65535 entries java.util.zip writes a zip64 end record: the directory's place is only found through it.
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 65_600; i++) {
            entries.put("f" + i, new byte[0]);
        }
        entries.put("link", "/etc/passwd".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path zip = TestArchives.zip(tmp.resolve("big.zip"), entries);
        TestArchives.markZipSymlink(zip, "link");
        assertThat(ZipLinks.specialEntries(zip)).containsExactly("link");
    }

    @Test
    void somethingElseIsNotAZip() throws IOException {
        Path notZip = Files.writeString(tmp.resolve("x.zip"), "hello");
        assertThatThrownBy(() -> ZipLinks.specialEntries(notZip)).hasMessageContaining("not a zip archive");
    }
}
