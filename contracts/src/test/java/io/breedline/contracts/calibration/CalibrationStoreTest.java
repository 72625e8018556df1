package io.breedline.contracts.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationStoreTest {
    @Test
    void savesAndLoadsByModelVersion(@TempDir Path cache) {
        CalibrationStore store = new CalibrationStore(cache);
        ModelCalibration c = new ModelCalibration(ModelCalibration.FORMAT, "sha256:0123abcd", 1.7, "MSP", 0.31, 0.95, 40,
                "/photos", Instant.parse("2026-12-08T01:00:00Z"));
        Path file = store.save(c);
        assertThat(file).isEqualTo(cache.resolve("calibration").resolve("sha256-0123abcd.json"));
        assertThat(store.load("sha256:0123abcd")).contains(c);
        assertThat(store.load("sha256:other")).isEmpty();
    }
}
