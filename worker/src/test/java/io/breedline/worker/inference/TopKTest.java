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

    @Test
    void aRowThatRoundingTakesOverOneIsScaledBackSoTheTopNeverSumsPastOne() {
        float[] p = {0.50001f, 0.5f, 0.00001f};
        double sum = TopK.of(p, List.of("x", "y", "z"), 2).stream().mapToDouble(BreedScore::probability).sum();
        assertThat(sum).isLessThanOrEqualTo(1 + 1e-6).isGreaterThan(0.9999);
    }

    @Test
    void scoresThatAreNotADistributionAreReportedAsTheyAre() {
        float[] sigmoid = {0.9f, 0.8f};
        assertThat(TopK.of(sigmoid, List.of("x", "y"), 2)).extracting(BreedScore::probability)
                .containsExactly((double) 0.9f, (double) 0.8f);
    }

    @Test
    void theTopProbabilitiesOfASoftmaxSumToAtMostOne() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int classes = 2 + random.nextInt(200);
            float[] p = softmax(random, classes, trial % 2 == 0 ? 1 : 20);
            List<String> labels = java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
            for (int k : new int[] {1, 5, classes}) {
                List<BreedScore> top = TopK.of(p, labels, k);
                double sum = top.stream().mapToDouble(BreedScore::probability).sum();
                assertThat(sum).as("top %d of %d classes", k, classes).isLessThanOrEqualTo(1 + 1e-6);
                assertThat(top).extracting(BreedScore::probability).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
                assertThat(top).extracting(BreedScore::probability)
                        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
            }
        }
    }

    // As a float32 model computes it: exp in float, normalised in float.
    private static float[] softmax(java.util.Random random, int classes, double scale) {
        float[] logits = new float[classes];
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            logits[c] = (float) (random.nextGaussian() * scale);
            max = Math.max(max, logits[c]);
        }
        float sum = 0;
        for (int c = 0; c < classes; c++) {
            logits[c] = (float) Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < classes; c++) {
            logits[c] /= sum;
        }
        return logits;
    }
}
