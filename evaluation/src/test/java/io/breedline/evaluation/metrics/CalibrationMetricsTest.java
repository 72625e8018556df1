package io.breedline.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.breedline.evaluation.Scored;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationMetricsTest {
    /**
     * Two classes. Confidence 0.9 right and 0.9 wrong (bin 13: accuracy 0.5, gap 0.4), 0.55 right twice (bin 8: accuracy
     * 1, gap 0.45). ECE = 0.5 x 0.4 + 0.5 x 0.45 = 0.425; MCE = 0.45. NLL = (-ln .9 - ln .1 - 2 ln .55) / 4. Brier =
     * (0.02 + 1.62 + 0.405 + 0.405) / 4 = 0.6125.
     */
    @Test
    void knownEceMceNllAndBrier() {
        CalibrationMetrics m = CalibrationMetrics.of(List.of(
                new Scored("a", 0, new double[] {0.9, 0.1}),
                new Scored("b", 1, new double[] {0.9, 0.1}),
                new Scored("c", 0, new double[] {0.55, 0.45}),
                new Scored("d", 1, new double[] {0.45, 0.55})));
        assertThat(m.ece()).isCloseTo(0.425, within(1e-12));
        assertThat(m.mce()).isCloseTo(0.45, within(1e-12));
        assertThat(m.nll()).isCloseTo((-Math.log(0.9) - Math.log(0.1) - 2 * Math.log(0.55)) / 4, within(1e-12));
        assertThat(m.brier()).isCloseTo(0.6125, within(1e-12));
        assertThat(m.bins()).hasSize(15);
        assertThat(m.bins().get(13).count()).isEqualTo(2);
        assertThat(m.bins().get(13).accuracy()).isEqualTo(0.5);
        assertThat(m.bins().get(8).count()).isEqualTo(2);
        assertThat(m.bins().get(0).accuracy()).isNull();
    }

    @Test
    void binEdgesAreOpenBelowAndClosedAbove() {
        assertThat(CalibrationMetrics.bin(0.0)).isZero();
        assertThat(CalibrationMetrics.bin(1.0 / 15)).isZero();
        assertThat(CalibrationMetrics.bin(0.0667)).isEqualTo(1);
        assertThat(CalibrationMetrics.bin(1.0)).isEqualTo(14);
    }

    @Test
    void aZeroProbabilityOfTheTruthGivesAFiniteNll() {
        CalibrationMetrics m = CalibrationMetrics.of(List.of(new Scored("a", 1, new double[] {1.0, 0.0})));
        assertThat(m.nll()).isCloseTo(-Math.log(Float.MIN_NORMAL), within(1e-9));
    }
}
