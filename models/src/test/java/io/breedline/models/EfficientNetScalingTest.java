package io.breedline.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EfficientNetScalingTest {
    private final EfficientNetScaling b3 = EfficientNetScaling.B3;

    @Test
    void roundsFiltersLikeKeras() {
        // round_filters with width 1.2, divisor 8, as evaluated by Python
        assertThat(b3.roundFilters(32)).isEqualTo(40);
        assertThat(b3.roundFilters(16)).isEqualTo(24);
        assertThat(b3.roundFilters(24)).isEqualTo(32);
        assertThat(b3.roundFilters(40)).isEqualTo(48);
        assertThat(b3.roundFilters(80)).isEqualTo(96);
        assertThat(b3.roundFilters(112)).isEqualTo(136);
        assertThat(b3.roundFilters(192)).isEqualTo(232);
        assertThat(b3.roundFilters(320)).isEqualTo(384);
        assertThat(b3.roundFilters(1280)).isEqualTo(1536);
    }

    @Test
    void roundsRepeatsUp() {
        assertThat(b3.roundRepeats(1)).isEqualTo(2);
        assertThat(b3.roundRepeats(2)).isEqualTo(3);
        assertThat(b3.roundRepeats(3)).isEqualTo(5);
        assertThat(b3.roundRepeats(4)).isEqualTo(6);
    }

    @Test
    void neverRoundsDownByMoreThanTenPercent() {
        // 0.5 * 20 = 10 rounds to 8, which is 20% short, so Keras adds a divisor
        assertThat(new EfficientNetScaling(0.5, 1, 8).roundFilters(20)).isEqualTo(16);
        assertThat(new EfficientNetScaling(1, 1, 8).roundFilters(3)).isEqualTo(8);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new EfficientNetScaling(0, 1, 8)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new BlockArgs(4, 1, 8, 8, 1, true, 1, 0.25)).hasMessageContaining("odd");
    }
}
