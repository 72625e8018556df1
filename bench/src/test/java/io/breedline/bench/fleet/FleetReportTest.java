package io.breedline.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetReportTest {
    @Test
    void speedUpIsAgainstOneWorkerOfTheBaseline() {
        assertThat(FleetReport.speedUp(240, 30, 1)).isEqualTo(8.0);
        assertThat(FleetReport.speedUp(240, 60, 2)).isEqualTo(8.0);
        assertThat(FleetReport.speedUp(240, 0, 1)).isZero();
    }

    @Test
    void nearLinearMeansAtLeastNinetyPercentOfN() {
        assertThat(FleetReport.nearLinear(7.2, 8)).isTrue();
        assertThat(FleetReport.nearLinear(7.19, 8)).isFalse();
        assertThat(FleetReport.nearLinear(1.0, 1)).isTrue();
    }

    @Test
    void rangeShowsMinAndMax() {
        assertThat(FleetReport.range(List.of(3, 3, 3))).isEqualTo("3");
        assertThat(FleetReport.range(List.of(2L, 4L, 3L))).isEqualTo("2-4");
        assertThat(FleetReport.range(List.of())).isEqualTo("-");
    }

    @Test
    void reportFlagsAFleetBelowTheBar() {
        FleetOptions options = new FleetOptions(List.of(1, 2), Duration.ofSeconds(1), 32, 24, Duration.ofSeconds(20),
                Duration.ofSeconds(15), "./breedline bench fleet");
        FleetResult.Join join = new FleetResult.Join(3000, 4000, 0, 60);
        FleetResult.Leave leave = new FleetResult.Leave(900, 300, 0, 30);
        FleetResult one = new FleetResult(1, 30, 1070, Map.of("w1", 24), Map.of("w1", 600L), 0.2, 0.5, join, leave, 0,
                false);
        FleetResult two = new FleetResult(2, 50, 1100, Map.of("w1", 12, "w2", 12), Map.of("w1", 500L, "w2", 500L), 0.3, 0.6,
                join, leave, 2, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FleetReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), options, List.of(one, two));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(report).containsPattern("\\s1\\s+30\\.0\\s+1\\.00\\s+yes\\s+1070 ms\\s+24\\s+600");
        assertThat(report).containsPattern("2->3->2[^\\n]*\\|\\s+2\\R");
        assertThat(report).containsPattern("\\s2\\s+50\\.0\\s+1\\.67\\s+NO\\s+1100 ms\\s+12\\s+500");
    }

    @Test
    void optionsRejectAFleetWithoutAPartitionForTheJoiner() {
        assertThatThrownBy(() -> new FleetOptions(List.of(1, 8), Duration.ofSeconds(1), 32, 8, Duration.ofSeconds(20),
                Duration.ofSeconds(15), "x")).hasMessageContaining("--partitions 8");
    }
}
