package io.breedline.evaluation.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes the JSON, the PNG plots and the HTML page of one evaluation into a folder. */
public final class ReportWriter {
    private ReportWriter() {}

    /** @return the HTML page */
    public static Path write(Evaluation evaluation, Path dir) throws IOException {
        Files.createDirectories(dir);
        ReportJson.write(evaluation, dir);
        Map<String, String> plots = ReportPlots.write(evaluation, dir);
        return HtmlReport.write(evaluation, plots, dir);
    }
}
