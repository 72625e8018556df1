package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Calibration;
import io.breedline.contracts.calibration.CalibrationStore;
import io.breedline.contracts.calibration.ModelCalibration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibratorTest {
    private static final List<String> LABELS = List.of("pug", "boxer", "beagle");

    private static Calibrator calibrator(double t, String score, double threshold) {
        return Calibrator.of(new ModelCalibration(ModelCalibration.FORMAT, "sha256:feed", t, score, threshold, 0.95, 10,
                "/dogs", Instant.parse("2026-12-08T03:00:00Z")));
    }

    @Test
    void aTemperatureOfTwoTakesTheSquareRootsOfTheProbabilities() {
        // softmax(log p / 2) = sqrt(p) / sum sqrt(p): (0.5, 0.25, 0.25) -> (sqrt 2, 1, 1) / (sqrt 2 + 2).
        float[] p = {0.5f, 0.25f, 0.25f};
        List<BreedScore> raw = TopK.of(p, LABELS, 2);
        Calibration c = calibrator(2, "MSP", 0.3).apply(p, raw);
        assertThat(c.temperature()).isEqualTo(2);
        assertThat(c.display()).isEqualTo(Calibration.Display.CALIBRATED);
        assertThat(c.topK()).extracting(BreedScore::breed).containsExactly("pug", "boxer");
        assertThat(c.topK().get(0).probability()).isCloseTo(Math.sqrt(2) - 1, within(1e-7));
        assertThat(c.topK().get(1).probability()).isCloseTo((2 - Math.sqrt(2)) / 2, within(1e-7));
        // The raw top-k is left as it was.
        assertThat(raw.get(0).probability()).isEqualTo(0.5);
        assertThat(c.oodScore()).isEqualTo("MSP");
        assertThat(c.oodValue()).isCloseTo(Math.sqrt(2) - 1, within(1e-7));
        assertThat(c.unknown()).isFalse();
    }

    @Test
    void belowTheThresholdIsUnknownAndKeepsItsTopK() {
        // (0.8, 0.2, 0) at T = 2: sqrt(0.8) : sqrt(0.2) = 2 : 1, so MSP = 2/3 (the zero class stays ~0).
        float[] p = {0.2f, 0.8f, 0f};
        List<BreedScore> raw = TopK.of(p, LABELS, 3);
        Calibration sure = calibrator(2, "MSP", 0.6).apply(p, raw);
        Calibration unsure = calibrator(2, "MSP", 0.7).apply(p, raw);
        assertThat(sure.oodValue()).isCloseTo(2.0 / 3, within(1e-7));
        assertThat(sure.unknown()).isFalse();
        assertThat(unsure.unknown()).isTrue();
        assertThat(unsure.oodThreshold()).isEqualTo(0.7);
        assertThat(unsure.topK()).extracting(BreedScore::breed).containsExactly("boxer", "pug", "beagle");
        assertThat(unsure.topK().get(1).probability()).isCloseTo(1.0 / 3, within(1e-7));
    }

    @Test
    void theEnergyScoreIsTheLogOfTheTwoNormOfTheCalibratedProbabilities() {
        float[] p = {0.2f, 0.8f, 0f};
        Calibration c = calibrator(2, "energy", -0.3).apply(p, TopK.of(p, LABELS, 1));
        // log ||(2/3, 1/3)||_2 = 0.5 log(5/9) = -0.2939: above -0.3.
        assertThat(c.oodScore()).isEqualTo("ENERGY");
        assertThat(c.oodValue()).isCloseTo(0.5 * Math.log(5.0 / 9), within(1e-7));
        assertThat(c.unknown()).isFalse();
    }

    @Test
    void aModelVersionWithoutASavedCalibrationGetsNone(@TempDir Path cache) {
        Calibrator none = Calibrator.forModel(cache, "sha256:feed");
        assertThat(none).isSameAs(Calibrator.NONE);
        assertThat(none.calibrates()).isFalse();
        assertThat(none.apply(new float[] {1f, 0f, 0f}, List.of(new BreedScore("pug", 0, 1)))).isNull();
    }

    @Test
    void findsTheSavedCalibrationOfItsModelVersion(@TempDir Path cache) {
        new CalibrationStore(cache).save(new ModelCalibration(ModelCalibration.FORMAT, "sha256:feed", 2, "MSP", 0.7, 0.95,
                10, "/dogs", Instant.parse("2026-12-08T03:00:00Z")));
        assertThat(Calibrator.forModel(cache, "sha256:feed").calibrates()).isTrue();
        assertThat(Calibrator.forModel(cache, "sha256:other").calibrates()).isFalse();
    }

    @Test
    void anUnknownScoreNameIsAnErrorNamingIt() {
        assertThatThrownBy(() -> calibrator(2, "LOGIT", 0.5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sha256:feed").hasMessageContaining("'LOGIT'");
    }
}
