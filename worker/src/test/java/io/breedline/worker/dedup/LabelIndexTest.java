package io.breedline.worker.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.Sequencer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelIndexTest {

    @Test
    void behavesLikeAMapThroughGrowthAndRemovals() {
        LabelIndex index = new LabelIndex();
        Map<Long, Long> model = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            // A small key space, so puts overwrite and removals hit: every probe-chain case comes up.
            long image = (random.nextInt(3_000) - 1_500L) * 2 + 1; // odd: 0 shares a slot key with 1 by design
            if (random.nextInt(4) == 0) {
                index.remove(image);
                model.remove(image);
            } else {
                long content = random.nextLong() | 1;
                index.put(image, content, Sequencer.of(0, i));
                model.put(image, content);
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
        assertThat(index.consistent()).isTrue();
        model.forEach((image, content) -> assertThat(index.content(image)).isEqualTo(content));
        assertThat(index.content(1_000_000L)).isZero();
    }

    @Test
    void anEntryWithNeitherContentNorSequencerIsNotKept() {
        LabelIndex index = new LabelIndex();
        index.put(5, 9, Sequencer.of(0, 1));
        index.put(5, 0, Sequencer.NONE);
        assertThat(index.size()).isZero();
        assertThat(index.sequencer(5)).isEqualTo(Sequencer.NONE);
    }

    @Test
    void aZeroSequencerIsKeptApartFromNone() {
        LabelIndex index = new LabelIndex();
        index.put(5, 0, Sequencer.parse("0"));
        assertThat(index.size()).isOne();
        assertThat(index.sequencer(5)).isEqualTo(Sequencer.parse("0")).isNotEqualTo(Sequencer.NONE);
        assertThat(index.consistent()).isTrue();
    }

    @Test
    void contentFingerprintsIgnoreQuotes() {
        assertThat(Fingerprints.content("\"abc\"", null)).isEqualTo(Fingerprints.content("abc", "v1")).isNotZero();
        assertThat(Fingerprints.content(null, null)).isZero();
    }
}
