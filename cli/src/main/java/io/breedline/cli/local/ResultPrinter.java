package io.breedline.cli.local;

import io.breedline.clients.s3.S3Location;
import io.breedline.sink.query.DisplayRule;
import io.breedline.sink.query.ResultRow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Prints a job's results: image, breed(s), confidence, by the original app's display rule ("not a dog?" first for a
 * photo a calibrated model scored below its threshold).
 */
final class ResultPrinter {
    private final PrintStream out;

    ResultPrinter(PrintStream out) {
        this.out = out;
    }

    void print(List<ResultRow> rows, String source) {
        ResultTable table = new ResultTable("IMAGE", "BREED", "CONFIDENCE");
        rows.stream().sorted(Comparator.comparing(ResultRow::uri)).forEach(r -> {
            String image = relative(r.uri(), source);
            if (r.failed()) {
                table.add(image, "(not labeled: " + r.failureStage() + ")", r.failureReason());
            } else {
                table.add(image,
                        DisplayRule.breeds(r.topBreed(), r.topProbability(), r.secondBreed(), r.secondProbability(),
                                r.notADog()),
                        DisplayRule.confidence(r.topProbability(), r.secondProbability()));
            }
        });
        table.print(out);
    }

    static String relative(String uri, String source) {
        if (S3Location.isS3(uri)) {
            return uri;
        }
        try {
            return Path.of(source).relativize(Path.of(uri)).toString();
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }
}
