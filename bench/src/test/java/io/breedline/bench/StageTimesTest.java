package io.breedline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageTimesTest {
    @Test
    void modelBusyTimeIsTheUnionOfTheCallsSoOverlappingStreamsCountOnce() {
        List<double[]> calls = List.of(
                new double[] {0, 10}, new double[] {0, 10}, // two rows of one batch
                new double[] {5, 15}, // a second stream's batch, overlapping the first
                new double[] {20, 25}); // after a gap
        assertThat(StageTimes.union(calls)).isEqualTo(20.0);
        assertThat(StageTimes.union(List.of())).isZero();
    }
}
