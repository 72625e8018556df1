package io.breedline.web.reports;

import io.breedline.evaluation.Scored;
import io.breedline.evaluation.report.Evaluation;
import io.breedline.evaluation.report.Evaluator;
import io.breedline.evaluation.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Evaluation reports for the web's tests, written by the evaluation module itself. */
public final class TestReports {
    private TestReports() {}

    /** A real report, as {@code evaluate} writes it: 7 of 8 photos right, calibrated. */
    public static Evaluation write(Path out, String folder, Instant at) throws IOException {
        List<Scored> photos = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            photos.add(new Scored(folder + "/beagle/" + i, 0, i < 3 ? new double[] {0.8, 0.2} : new double[] {0.3, 0.7}));
            photos.add(new Scored(folder + "/pug/" + i, 1, new double[] {0.1, 0.9}));
        }
        Evaluation e = Evaluator.evaluate(new Evaluator.Inputs(folder, "sha256:0123456789abcdef", List.of("Beagle", "Pug"),
                Map.of("beagle", "Beagle", "pug", "Pug"), List.of(), photos, List.of(), Optional.empty()),
                Optional.of(new Evaluator.CalibrateOptions(0.5, 1)), at);
        ReportWriter.write(e, out);
        return e;
    }
}
