package io.breedline.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupViewTest {
    @Test
    void settledMeansEveryPartitionOfBothLanesOwned() {
        // 6 partitions per lane: 12 in all between two workers.
        assertThat(new GroupView.Snapshot(true, Map.of("w1", 6, "w2", 6)).settled(2, 6)).isTrue();
        assertThat(new GroupView.Snapshot(true, Map.of("w1", 3, "w2", 3)).settled(2, 6)).as("one lane only").isFalse();
        assertThat(new GroupView.Snapshot(false, Map.of("w1", 6, "w2", 6)).settled(2, 6)).isFalse();
        assertThat(new GroupView.Snapshot(true, Map.of("w1", 12)).settled(2, 6)).isFalse();
    }
}
