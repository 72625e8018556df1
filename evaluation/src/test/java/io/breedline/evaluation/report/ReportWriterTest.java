package io.breedline.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.evaluation.Scored;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    static final List<String> LABELS = List.of("Beagle", "<b>Evil & Co</b>", "Pug");

    static Evaluator.Inputs inputs(List<Scored> photos, Optional<Evaluator.NotDogs> notDogs) {
        return new Evaluator.Inputs("/photos", "sha256:abc", LABELS,
                Map.of("beagle", "Beagle", "evil", "<b>Evil & Co</b>"), List.of("cats"), photos,
                List.of(new Unreadable("/photos/beagle/broken.jpg", "Beagle", "DECODE", "not an image <x>")), notDogs);
    }

    static List<Scored> photos() {
        List<Scored> photos = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            photos.add(new Scored("/photos/beagle/" + i, 0, i < 4 ? new double[] {0.8, 0.15, 0.05} : new double[] {0.1, 0.85, 0.05}));
            photos.add(new Scored("/photos/evil/" + i, 1, i < 5 ? new double[] {0.05, 0.9, 0.05} : new double[] {0.1, 0.2, 0.7}));
        }
        return photos;
    }

    @Test
    void writesJsonPlotsAndAnEscapedSelfContainedPage(@TempDir Path dir) throws Exception {
        Evaluation e = Evaluator.evaluate(inputs(photos(), Optional.of(new Evaluator.NotDogs(
                List.of(new double[] {0.4, 0.3, 0.3}, new double[] {0.9, 0.05, 0.05}), List.of()))),
                Optional.of(new Evaluator.CalibrateOptions(0.5, 1)), Instant.parse("2026-12-08T01:00:00Z"));
        // 9 of 12 right; the unreadable photo counts as a miss in the second figure
        assertThat(e.top1().hits()).isEqualTo(9);
        assertThat(e.top1().total()).isEqualTo(12);
        assertThat(e.top1CountingUnreadable().total()).isEqualTo(13);
        assertThat(e.temperature().testPhotos()).isEqualTo(6);
        assertThat(e.ood().perScore()).hasSize(2);

        Path html = ReportWriter.write(e, dir);
        for (String png : List.of(ReportPlots.CONFUSION, ReportPlots.RELIABILITY, ReportPlots.CONFIDENCE)) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertThat(image.getWidth()).as(png).isGreaterThan(400);
        }
        String page = Files.readString(html);
        assertThat(page).contains("&lt;b&gt;Evil &amp; Co&lt;/b&gt;").doesNotContain("<b>Evil").doesNotContain("<x>")
                .contains("data:image/png;base64,").doesNotContain("src=\"confusion").contains("cats")
                .contains("broken.jpg");
        Evaluation read = ReportJson.read(dir.resolve(ReportJson.FILE));
        assertThat(read.top1()).isEqualTo(e.top1());
        assertThat(read.temperature().fit().temperature()).isEqualTo(e.temperature().fit().temperature());
    }

    @Test
    void calibratingNeedsTwoPhotosOfABreed() {
        List<Scored> one = List.of(new Scored("/photos/beagle/0", 0, new double[] {0.8, 0.15, 0.05}));
        assertThatThrownBy(() -> Evaluator.evaluate(inputs(one, Optional.empty()),
                Optional.of(new Evaluator.CalibrateOptions(0.5, 1)), Instant.now()))
                .hasMessageContaining("at least 2 photos of a breed");
    }
}
