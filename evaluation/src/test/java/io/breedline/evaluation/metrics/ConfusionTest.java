package io.breedline.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.breedline.evaluation.Scored;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionTest {
    static final List<String> LABELS = List.of("A", "B", "C", "D");

    /** Rows (truth) x columns (predicted) over A, B, C: A [3 1 0], B [2 2 0], C [1 0 0]; D has no photo. */
    static List<Scored> photos() {
        List<Scored> photos = new ArrayList<>();
        add(photos, 0, 0, 3);
        add(photos, 0, 1, 1);
        add(photos, 1, 1, 2);
        add(photos, 1, 0, 2);
        add(photos, 2, 0, 1);
        return photos;
    }

    static void add(List<Scored> photos, int truth, int predicted, int n) {
        for (int i = 0; i < n; i++) {
            double[] p = {0.1, 0.1, 0.1, 0.1};
            p[predicted] = 0.7;
            photos.add(new Scored("t" + truth + "p" + predicted + "-" + i, truth, p));
        }
    }

    @Test
    void perBreedScoresOfAKnownMatrix() {
        Confusion c = new Confusion(LABELS, photos());
        List<BreedMetrics> breeds = c.perBreed();
        assertThat(breeds).extracting(BreedMetrics::breed).containsExactly("A", "B", "C");
        // A: precision 3/6, recall 3/4, F1 2(.5)(.75)/1.25 = 0.6
        assertThat(breeds.get(0).precision()).isEqualTo(0.5);
        assertThat(breeds.get(0).recall()).isEqualTo(0.75);
        assertThat(breeds.get(0).f1()).isCloseTo(0.6, within(1e-12));
        // B: precision 2/3, recall 2/4, F1 4/7
        assertThat(breeds.get(1).precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(breeds.get(1).f1()).isCloseTo(4.0 / 7, within(1e-12));
        // C: never predicted: precision undefined, recall and F1 0
        assertThat(breeds.get(2).precision()).isNull();
        assertThat(breeds.get(2).f1()).isEqualTo(0.0);
        assertThat(c.macroF1()).isCloseTo((0.6 + 4.0 / 7) / 3, within(1e-12));
    }

    @Test
    void mostConfusedLargestFirstThenByName() {
        assertThat(new Confusion(LABELS, photos()).mostConfused(10)).containsExactly(
                new ConfusedPair("B", "A", 2), new ConfusedPair("A", "B", 1), new ConfusedPair("C", "A", 1));
    }

    @Test
    void topKAccuracyCountsUnreadablePhotosAsMissesWhenAsked() {
        assertThat(TopKAccuracy.of(photos(), 1, 0).hits()).isEqualTo(5);
        assertThat(TopKAccuracy.of(photos(), 1, 0).total()).isEqualTo(9);
        assertThat(TopKAccuracy.of(photos(), 1, 1).total()).isEqualTo(10);
        // top-2 adds A->B and B->A; C->A misses: C ties B at 0.1 and B, the lower index, ranks first (as in the worker)
        assertThat(TopKAccuracy.of(photos(), 2, 0).hits()).isEqualTo(5 + 1 + 2);
    }
}
