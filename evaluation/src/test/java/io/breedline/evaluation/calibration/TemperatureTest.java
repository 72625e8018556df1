package io.breedline.evaluation.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.breedline.evaluation.Scored;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemperatureTest {
    /**
     * Every photo has the same distribution: the top class ahead of the other K-1 (all equal) by d in log-probability.
     * Scaled by T, the top class gets 1 / (1 + (K-1) e^(-d/T)); the NLL is least when that equals the share a of photos
     * whose truth is the top class: T = d / ln(a (K-1) / (1 - a)).
     */
    @Test
    void twoClassesRightThreeTimesInFourAtNinetyPercentNeedTemperatureTwo() {
        // p = (0.9, 0.1): d = ln 9 = 2 ln 3; a = 3/4: T = 2 ln 3 / ln 3 = 2
        List<Scored> photos = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            photos.add(new Scored("p" + i, i < 3 ? 0 : 1, new double[] {0.9, 0.1}));
        }
        Temperature.Fit fit = Temperature.fit(photos);
        assertThat(fit.temperature()).isCloseTo(2.0, within(1e-6));
        assertThat(fit.atBound()).isFalse();
        assertThat(Temperature.apply(new double[] {0.9, 0.1}, fit.temperature())[0]).isCloseTo(0.75, within(1e-6));
        assertThat(fit.nllAfter()).isLessThan(fit.nllBefore());
        // the minimum: -(3/4) ln(3/4) - (1/4) ln(1/4)
        assertThat(fit.nllAfter()).isCloseTo(-0.75 * Math.log(0.75) - 0.25 * Math.log(0.25), within(1e-9));
    }

    @Test
    void fourClassesRightHalfTheTimeAt81To1NeedTemperatureFour() {
        // p = (81, 1, 1, 1) / 84: d = ln 81 = 4 ln 3; a = 1/2, K = 4: T = 4 ln 3 / ln 3 = 4
        double[] p = {81.0 / 84, 1.0 / 84, 1.0 / 84, 1.0 / 84};
        List<Scored> photos = List.of(new Scored("a", 0, p), new Scored("b", 0, p), new Scored("c", 1, p),
                new Scored("d", 3, p));
        assertThat(Temperature.fit(photos).temperature()).isCloseTo(4.0, within(1e-6));
    }

    @Test
    void temperatureOneLeavesProbabilitiesAndRankingAlone() {
        double[] p = {0.2, 0.5, 0.3};
        assertThat(Temperature.apply(p, 1)).containsExactly(new double[] {0.2, 0.5, 0.3}, within(1e-12));
        double[] soft = Temperature.apply(p, 3);
        assertThat(soft[1]).isGreaterThan(soft[2]).isGreaterThan(soft[0]).isLessThan(0.5);
    }

    @Test
    void alwaysRightAndSureRunsToTheLowerBound() {
        Temperature.Fit fit = Temperature.fit(List.of(new Scored("a", 0, new double[] {0.99, 0.01})));
        assertThat(fit.atBound()).isTrue();
        assertThat(fit.temperature()).isLessThan(1.0);
    }
}
