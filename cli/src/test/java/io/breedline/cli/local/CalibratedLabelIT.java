package io.breedline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.calibration.CalibrationStore;
import io.breedline.contracts.calibration.ModelCalibration;
import io.breedline.models.OracleModel;
import io.breedline.testkit.TestImages;
import io.breedline.worker.inference.ModelVersion;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./breedline label} with a model version that has a saved calibration: the table shows the calibrated
 * confidence and "not a dog?" for a photo below the threshold, and the summary counts it. The oracle's red photo scores
 * sigma(10 / T)^3 = 98.0% at T = 2; a mid-grey one about 1/8 of the eight classes, below the threshold of 0.5.
 */
class CalibratedLabelIT {
    @TempDir
    Path tmp;

    @Test
    void theTableShowsNotADogAndTheSummaryCountsIt() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        TestImages.writePng(photos, "red.png", 64, 48, OracleModel.colourOf(1));
        TestImages.writePng(photos, "grey.png", 64, 48, new Color(128, 128, 128));
        Path model = OracleModel.build(tmp.resolve("model"));
        Path cache = tmp.resolve("cache");
        new CalibrationStore(cache).save(new ModelCalibration(ModelCalibration.FORMAT, ModelVersion.of(model), 2, "MSP",
                0.5, 0.95, 10, "/dogs", Instant.parse("2026-12-08T03:00:00Z")));
        Path out = tmp.resolve("out");

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        LabelOptions options = new LabelOptions(photos.toString(), Optional.of(model.toString()), Optional.empty(), out,
                4, Duration.ofMillis(100), 3, 1, 1, Duration.ofMinutes(3), "cpu");
        int code = new LocalRunner(options, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Settings.fromEnvironment().with(Map.of("BREEDLINE_CACHE_DIR", cache.toString()))).run();

        assertThat(code).as("a photo that is not a dog is labeled all the same").isZero();
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        double calibrated = Math.pow(1 / (1 + Math.exp(-5)), 3);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("red.png").contains(" red ")
                .doesNotContain("not a dog").contains(String.format(java.util.Locale.ROOT, "%.1f%%", calibrated * 100)));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("grey.png").contains("not a dog? ("));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Job ")
                .contains(": labeled 2 (1 not a dog?), dead letters 0 of 2 images;"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("AND not_a_dog"));

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("labels.db"));
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT uri, not_a_dog, temperature, display_top_k FROM predictions ORDER BY uri")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).endsWith("grey.png");
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getDouble(3)).isEqualTo(2.0);
            assertThat(rs.getString(4)).isEqualTo("CALIBRATED");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(2)).isFalse();
        }
    }
}
