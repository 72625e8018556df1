package io.breedline.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.breedline.service.UserError;
import io.breedline.clients.config.Settings;
import io.breedline.contracts.calibration.CalibrationStore;
import io.breedline.contracts.calibration.ModelCalibration;
import io.breedline.evaluation.ood.OodMetrics;
import io.breedline.evaluation.report.Evaluation;
import io.breedline.evaluation.report.HtmlReport;
import io.breedline.evaluation.report.ReportJson;
import io.breedline.evaluation.report.ReportPlots;
import io.breedline.models.OracleModel;
import io.breedline.testkit.TestImages;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./breedline evaluate} through the real pipeline with the oracle model, whose outputs are known in closed form.
 *
 * <p>The oracle's logits are S (2 m.p_k - |p_k|^2), S = 10, m the mean colour, p_k the corners of the RGB cube. For a
 * photo painted a pure corner colour, class k's probability factors over the three channels: sigma(S)^(3-h)
 * sigma(-S)^h, h the number of channels where k differs from the colour. So every pure-colour photo gets confidence
 * c = sigma(S)^3 = 0.99986, and its neighbours (h = 1) rank 2 to 4.
 *
 * <p>The folder: 4 red photos in {@code red} (right) and 4 red photos in {@code yellow} (wrong: yellow is red's
 * neighbour), a broken file, a folder matching no label. Worked values: top-1 1/2, top-5 1; one confidence bin, so ECE
 * = c - 1/2. Temperature T scales S to S/T; with half the photos right and half a neighbour, the NLL is -(5/2) log
 * sigma(S/T) - (1/2) log sigma(-S/T), least where sigma(S/T) = 5/6: T = S / ln 5 = 6.2133, and after it the
 * confidence is (5/6)^3, so ECE = (5/6)^3 - 1/2.
 */
class EvaluateIT {
    static final double S = 10;

    @TempDir
    Path tmp;

    static double sigma(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void metricsTemperatureAndNotADogMatchTheirWorkedValues() throws Exception {
        Color red = OracleModel.colourOf(1);
        Path dogs = tmp.resolve("dogs");
        for (int i = 0; i < 4; i++) {
            TestImages.writePng(Files.createDirectories(dogs.resolve("RED")), "right-" + i + ".png", 64, 48, red);
            TestImages.writePng(Files.createDirectories(dogs.resolve("n00000004-yellow")), "wrong-" + i + ".png", 64, 48, red);
        }
        TestImages.write(dogs.resolve("RED"), "broken.jpg", TestImages.notAnImage());
        TestImages.writePng(Files.createDirectories(dogs.resolve("cats")), "cat.png", 64, 48, red);
        Path notDogs = tmp.resolve("not-dogs");
        for (int i = 0; i < 2; i++) {
            TestImages.writePng(Files.createDirectories(notDogs), "grey-" + i + ".png", 64, 48, new Color(128, 128, 128));
        }
        Path model = OracleModel.build(tmp.resolve("model"));
        Path out = tmp.resolve("report");
        Path cache = tmp.resolve("cache");

        EvaluateOptions options = new EvaluateOptions(dogs, Optional.of(model.toString()), Optional.empty(),
                Optional.of(notDogs), out, true, 0.5, 15, 4, Duration.ofMillis(100), Duration.ofMinutes(3), "cpu");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Evaluation e = new EvaluateRunner(options, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                Settings.fromEnvironment().with(Map.of("BREEDLINE_CACHE_DIR", cache.toString()))).run();

        double c = Math.pow(sigma(S), 3);
        assertThat(e.folders()).containsEntry("RED", "red").containsEntry("n00000004-yellow", "yellow");
        assertThat(e.unmatchedFolders()).containsExactly("cats");
        assertThat(e.photos()).isEqualTo(8);
        assertThat(e.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.uri()).endsWith("broken.jpg");
            assertThat(u.breed()).isEqualTo("red");
        });
        assertThat(e.top1().hits()).isEqualTo(4);
        assertThat(e.top1().value()).isEqualTo(0.5);
        assertThat(e.top5().value()).isEqualTo(1.0);
        assertThat(e.top1CountingUnreadable().total()).isEqualTo(9);
        assertThat(e.calibration().ece()).isCloseTo(c - 0.5, within(1e-5));
        assertThat(e.calibration().nll()).isCloseTo(-2.5 * Math.log(sigma(S)) - 0.5 * Math.log(sigma(-S)), within(1e-4));
        assertThat(e.mostConfused()).singleElement().satisfies(p -> {
            assertThat(p.truth()).isEqualTo("yellow");
            assertThat(p.predicted()).isEqualTo("red");
            assertThat(p.count()).isEqualTo(4);
        });

        double t = S / Math.log(5);
        assertThat(e.temperature().fit().temperature()).isCloseTo(t, within(1e-3));
        assertThat(e.temperature().fit().photos()).isEqualTo(4);
        assertThat(e.temperature().testPhotos()).isEqualTo(4);
        assertThat(e.temperature().before().ece()).isCloseTo(c - 0.5, within(1e-5));
        assertThat(e.temperature().after().ece()).isCloseTo(Math.pow(5.0 / 6, 3) - 0.5, within(1e-4));

        // Every dog photo scores (5/6)^3 after calibration: that is the threshold, and all of them pass it. The grey
        // photos (mean colour near the cube's centre) are near uniform: both scores separate them completely.
        assertThat(e.ood().calibrated()).isTrue();
        assertThat(e.ood().threshold()).isCloseTo(Math.pow(5.0 / 6, 3), within(1e-4));
        assertThat(e.ood().dogsPassing()).isEqualTo(1.0);
        assertThat(e.ood().perScore()).extracting(OodMetrics::score).containsExactly("MSP", "ENERGY");
        assertThat(e.ood().perScore()).allSatisfy(m -> {
            assertThat(m.auroc()).isEqualTo(1.0);
            assertThat(m.fprAt95Tpr()).isEqualTo(0.0);
            assertThat(m.notDogs()).isEqualTo(2);
        });

        ModelCalibration saved = new CalibrationStore(cache).load(e.modelVersion()).orElseThrow();
        assertThat(saved.temperature()).isEqualTo(e.temperature().fit().temperature());
        assertThat(saved.oodThreshold()).isEqualTo(e.ood().threshold());
        assertThat(saved.oodScore()).isEqualTo("MSP");

        assertThat(ReportJson.read(out.resolve(ReportJson.FILE)).top1()).isEqualTo(e.top1());
        assertThat(out.resolve(ReportPlots.CONFUSION)).isNotEmptyFile();
        assertThat(out.resolve(ReportPlots.RELIABILITY)).isNotEmptyFile();
        assertThat(out.resolve(ReportPlots.CONFIDENCE)).isNotEmptyFile();
        assertThat(Files.readString(out.resolve(HtmlReport.FILE))).contains("broken.jpg").contains("cats");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("top-1 accuracy 50.0%").contains("Calibration for model");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("left out 1 subfolder(s) matching no label: cats");

        // The accuracy is what the results database holds: predictions whose top breed is their folder's breed.
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("labels.db"));
                ResultSet rs = db.createStatement().executeQuery("SELECT SUM(CASE WHEN (uri LIKE '%/RED/%' AND top_breed = "
                        + "'red') OR (uri LIKE '%/n00000004-yellow/%' AND top_breed = 'yellow') THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN uri LIKE '%/cats/%' THEN 0 ELSE 1 END) FROM predictions WHERE uri LIKE '"
                        + dogs + "/%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(e.top1().hits());
            assertThat(rs.getLong(2)).isEqualTo(e.top1().total());
        }
    }

    @Test
    void breedFoldersWithoutPhotosAreAClearError() throws Exception {
        Path dogs = Files.createDirectories(tmp.resolve("dogs/red"));
        Files.writeString(dogs.resolve("notes.txt"), "no photos here");
        Path model = OracleModel.build(tmp.resolve("model"));
        EvaluateOptions options = new EvaluateOptions(tmp.resolve("dogs"), Optional.of(model.toString()), Optional.empty(),
                Optional.empty(), tmp.resolve("report"), false, 0.5, 15, 4, Duration.ofMillis(100), Duration.ofMinutes(3),
                "cpu");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new EvaluateRunner(options, quiet, quiet).run()).isInstanceOf(UserError.class)
                .hasMessageContaining("no photos in the breed folders").hasMessageContaining("red");
    }
}
