package io.breedline.worker.dedup;

import static org.assertj.core.api.Assertions.assertThat;

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
                index.put(image, content, new long[] {0, i});
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
        index.put(5, 9, new long[] {0, 1});
        index.put(5, 0, new long[] {0, 0});
        assertThat(index.size()).isZero();
        assertThat(index.sequencer(5)).containsExactly(0, 0);
    }

    @Test
    void sequencersCompareAsNumbers() {
        long[] small = Fingerprints.sequencer("FF");
        long[] big = Fingerprints.sequencer("0100");
        long[] huge = Fingerprints.sequencer("1" + "0".repeat(20));
        assertThat(Fingerprints.replaces(big, small)).isTrue();
        assertThat(Fingerprints.replaces(small, big)).isFalse();
        assertThat(Fingerprints.replaces(huge, big)).isTrue();
        assertThat(Fingerprints.replaces(small, Fingerprints.sequencer(null))).isTrue();
        assertThat(Fingerprints.newer(big, big)).isFalse();
        assertThat(Fingerprints.content("\"abc\"", null)).isEqualTo(Fingerprints.content("abc", "v1")).isNotZero();
        assertThat(Fingerprints.content(null, null)).isZero();
    }
}
