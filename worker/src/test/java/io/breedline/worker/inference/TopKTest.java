package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.contracts.BreedScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d", "e", "f");

    @Test
    void mostProbableFirst() {
        float[] p = {0.05f, 0.4f, 0.1f, 0.3f, 0.1f, 0.05f};
        assertThat(TopK.of(p, LABELS, 3)).extracting(BreedScore::breed).containsExactly("b", "d", "c");
        assertThat(TopK.of(p, LABELS, 3).get(0)).isEqualTo(new BreedScore("b", 1, 0.4f));
    }

    @Test
    void tiesGoToTheLowerClassIndex() {
        float[] p = {0.1f, 0.2f, 0.2f, 0.1f, 0.2f, 0.2f};
        assertThat(TopK.of(p, LABELS, 5)).extracting(BreedScore::classIndex).containsExactly(1, 2, 4, 5, 0);
    }

    @Test
    void kLargerThanTheClassesGivesThemAll() {
        float[] p = {0.5f, 0.5f};
        assertThat(TopK.of(p, List.of("x", "y"), 5)).extracting(BreedScore::breed).containsExactly("x", "y");
    }

    @Test
    void roundingJustOutsideZeroToOneIsClamped() {
        float[] p = {1.00001f, -0.00001f};
        assertThat(TopK.of(p, List.of("x", "y"), 2)).extracting(BreedScore::probability).containsExactly(1.0, 0.0);
    }

    @Test
    void logitsAreNotProbabilities() {
        float[] logits = {3.2f, -1f};
        assertThatThrownBy(() -> TopK.of(logits, List.of("x", "y"), 2))
                .hasMessageContaining("model output is not a probability: 3.2 for class 0");
    }

    @Test
    void aWidthMismatchIsAnError() {
        assertThatThrownBy(() -> TopK.of(new float[3], LABELS, 2))
                .hasMessage("model output has 3 classes but there are 6 labels");
    }
}
