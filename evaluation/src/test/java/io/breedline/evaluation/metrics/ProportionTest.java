package io.breedline.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionTest {
    @Test
    void wilsonIntervalOfEightOutOfTen() {
        // centre (0.8 + z^2/20) / (1 + z^2/10) = 0.71674; half-width z/(1 + z^2/10) sqrt(0.016 + z^2/400) = 0.22658
        Proportion p = Proportion.of(8, 10);
        assertThat(p.value()).isEqualTo(0.8);
        assertThat(p.ci95().low()).isCloseTo(0.49016, within(1e-4));
        assertThat(p.ci95().high()).isCloseTo(0.94332, within(1e-4));
    }

    @Test
    void noHitsStillGivesAnIntervalAboveZero() {
        Proportion p = Proportion.of(0, 4);
        assertThat(p.ci95().low()).isEqualTo(0.0);
        // z^2/(n + z^2) = 3.8415 / 7.8415
        assertThat(p.ci95().high()).isCloseTo(0.48990, within(1e-4));
    }

    @Test
    void noCasesIsAnError() {
        assertThatThrownBy(() -> Proportion.of(0, 0)).hasMessageContaining("at least one case");
    }
}
