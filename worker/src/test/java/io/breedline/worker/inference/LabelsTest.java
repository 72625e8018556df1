package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {
    @TempDir
    Path dir;

    @Test
    void oneLabelPerLineIgnoringTrailingBlanksAndABom() throws Exception {
        Path f = Files.writeString(dir.resolve("labels.txt"), "\uFEFFbeagle\n  pug \nshiba inu\n\n\n", StandardCharsets.UTF_8);
        assertThat(Labels.load(f)).containsExactly("beagle", "pug", "shiba inu");
    }

    @Test
    void aCountDifferentFromTheOutputWidthIsAStartUpError() throws Exception {
        Path f = Files.writeString(dir.resolve("labels.txt"), "a\nb\nc\n");
        List<String> labels = Labels.load(f);
        assertThatThrownBy(() -> Labels.requireCount(labels, 8, f))
                .hasMessage("labels file " + f + " has 3 labels but the model outputs 8 classes");
        Labels.requireCount(labels, 3, f);
    }

    @Test
    void aBlankLineInTheMiddleWouldShiftEveryLabel() throws Exception {
        Path f = Files.writeString(dir.resolve("labels.txt"), "a\n\nb\n");
        assertThatThrownBy(() -> Labels.load(f)).hasMessageContaining("has a blank line 2");
    }

    @Test
    void missingOrEmptyFilesSaySo() throws Exception {
        assertThatThrownBy(() -> Labels.load(dir.resolve("nope.txt")))
                .hasMessageContaining("does not exist (set BREEDLINE_LABELS, or put labels.txt next to the model)");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        assertThatThrownBy(() -> Labels.load(empty)).hasMessageContaining("is empty");
    }
}
