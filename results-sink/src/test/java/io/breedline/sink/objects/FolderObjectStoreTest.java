package io.breedline.sink.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.sink.writer.WriteException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderObjectStoreTest {
    @TempDir
    Path tmp;

    @Test
    void keysBecomeFilesInSubFoldersAndAReplayReplacesThemWhole() throws Exception {
        FolderObjectStore store = new FolderObjectStore(tmp.resolve("out"));
        store.check();
        String key = "breedline.predictions/partition=0/breedline.predictions+0+00000000000000000000.parquet";

        store.put(key, new byte[] {1, 2, 3, 4}, "application/vnd.apache.parquet");
        store.put(key, new byte[] {9, 8}, "application/vnd.apache.parquet");

        assertThat(Files.readAllBytes(tmp.resolve("out").resolve(key))).containsExactly(9, 8);
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(Files::isRegularFile)).as("no temporary file left").hasSize(1);
        }
    }

    @Test
    void aKeyThatLeavesTheFolderIsRefused() {
        FolderObjectStore store = new FolderObjectStore(tmp.resolve("out"));

        assertThatThrownBy(() -> store.put("../escaped.jsonl", new byte[] {1}, "x"))
                .isInstanceOf(WriteException.class).hasMessageContaining("leaves the results folder");
        assertThat(tmp.resolve("escaped.jsonl")).doesNotExist();
    }

    @Test
    void aFileWhereTheFolderShouldBeFailsTheCheckNamingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");

        assertThatThrownBy(() -> new FolderObjectStore(file).check())
                .isInstanceOf(WriteException.class).hasMessageContaining(file.toString());
    }
}
