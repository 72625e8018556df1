package io.breedline.evaluation.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.evaluation.Scored;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitTest {
    static List<Scored> photos() {
        List<Scored> photos = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            photos.add(new Scored("a" + i, 0, new double[] {0.6, 0.4}));
        }
        for (int i = 0; i < 4; i++) {
            photos.add(new Scored("b" + i, 1, new double[] {0.6, 0.4}));
        }
        return photos;
    }

    @Test
    void perBreedDeterministicAndComplete() {
        Split s = Split.of(photos(), 0.5, 7);
        assertThat(s.fit()).filteredOn(p -> p.truth() == 0).hasSize(3);
        assertThat(s.fit()).filteredOn(p -> p.truth() == 1).hasSize(2);
        assertThat(s.test()).hasSize(6);
        List<String> all = new ArrayList<>();
        s.fit().forEach(p -> all.add(p.uri()));
        s.test().forEach(p -> all.add(p.uri()));
        assertThat(all).containsExactlyInAnyOrderElementsOf(photos().stream().map(Scored::uri).toList());

        List<Scored> reversed = new ArrayList<>(photos());
        java.util.Collections.reverse(reversed);
        assertThat(Split.of(reversed, 0.5, 7).fit()).extracting(Scored::uri)
                .containsExactlyElementsOf(s.fit().stream().map(Scored::uri).toList());
    }
}
