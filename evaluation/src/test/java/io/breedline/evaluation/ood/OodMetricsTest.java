package io.breedline.evaluation.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.breedline.contracts.calibration.OodScore;
import org.junit.jupiter.api.Test;

class OodMetricsTest {
    @Test
    void aurocCountsTiesAsHalf() {
        // dogs 0.9 and 0.8 beat all three (6 pairs); 0.6 loses to 0.7, ties 0.6, beats 0.1: 1.5. 7.5 / 9
        OodMetrics m = OodMetrics.of(OodScore.MSP, new double[] {0.9, 0.8, 0.6}, new double[] {0.7, 0.6, 0.1});
        assertThat(m.auroc()).isCloseTo(7.5 / 9, within(1e-12));
        // floor(3 x 0.05) = 0: the lowest dog score keeps them all; 0.7 and 0.6 of the non-dogs pass too
        assertThat(m.threshold()).isEqualTo(0.6);
        assertThat(m.fprAt95Tpr()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void thresholdKeepsNineteenOfTwenty() {
        double[] scores = new double[20];
        for (int i = 0; i < 20; i++) {
            scores[i] = 20 - i;
        }
        assertThat(OodMetrics.passThreshold(scores, 0.95)).isEqualTo(2.0);
    }

    @Test
    void scoresOfOneHotAndUniformDistributions() {
        double[] uniform = {0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125};
        double[] oneHot = {1, 0, 0, 0, 0, 0, 0, 0};
        assertThat(OodScore.MSP.of(uniform)).isEqualTo(0.125);
        assertThat(OodScore.ENERGY.of(uniform)).isCloseTo(-Math.log(8) / 2, within(1e-12));
        assertThat(OodScore.ENERGY.of(oneHot)).isCloseTo(0.0, within(1e-12));
        // log ||p||_2 for (0.6, 0.8 x ...): 0.5 ln(0.36 + 0.16)
        assertThat(OodScore.ENERGY.of(new double[] {0.6, 0.4})).isCloseTo(0.5 * Math.log(0.52), within(1e-12));
    }
}
