package io.breedline.evaluation.report;

import io.breedline.evaluation.metrics.BreedMetrics;
import io.breedline.evaluation.metrics.CalibrationMetrics;
import io.breedline.evaluation.metrics.ConfusedPair;
import io.breedline.evaluation.metrics.Proportion;
import io.breedline.evaluation.ood.OodMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One self-contained HTML page: the plots inlined as data: URIs, the tables, every name escaped. */
public final class HtmlReport {
    public static final String FILE = "report.html";

    private final StringBuilder h = new StringBuilder();

    private HtmlReport() {}

    /** @param plots the PNG files in {@code dir} with their titles, as {@link ReportPlots#write} gives them */
    public static Path write(Evaluation e, Map<String, String> plots, Path dir) throws IOException {
        HtmlReport r = new HtmlReport();
        r.page(e, plots, dir);
        Path file = dir.resolve(FILE);
        Files.writeString(file, r.h, StandardCharsets.UTF_8);
        return file;
    }

    private void page(Evaluation e, Map<String, String> plots, Path dir) throws IOException {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Breedline evaluation of ")
                .append(Html.escape(e.folder())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f0f0f0}td.name,th.name{text-align:left}")
                .append("img{max-width:100%;border:1px solid #ddd;margin:.5em 0}.note{color:#555;font-size:.9em}")
                .append("</style></head><body>\n");
        h.append("<h1>How good is the model on these photos?</h1>\n<p>Folder <code>").append(Html.escape(e.folder()))
                .append("</code>, model version <code>").append(Html.escape(e.modelVersion())).append("</code>, ")
                .append(e.labels()).append(" labels, ").append(Html.escape(e.createdAt().toString())).append(".</p>\n");
        summary(e);
        for (Map.Entry<String, String> plot : plots.entrySet()) {
            byte[] png = Files.readAllBytes(dir.resolve(plot.getKey()));
            h.append("<h2>").append(Html.escape(plot.getValue())).append("</h2>\n<img alt=\"")
                    .append(Html.escape(plot.getValue())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
            if (plot.getKey().equals(ReportPlots.RELIABILITY)) {
                calibration(e);
            }
        }
        perBreed(e);
        confused(e.mostConfused());
        ood(e.ood());
        inputs(e);
        h.append("</body></html>\n");
    }

    private void summary(Evaluation e) {
        h.append("<h2>Accuracy</h2>\n<table><tr><th class=\"name\"></th><th>value</th><th>95% interval (Wilson)</th>")
                .append("<th>right / photos</th></tr>\n");
        row("top-1", e.top1());
        row("top-5", e.top5());
        if (!e.unreadable().isEmpty()) {
            row("top-1, unreadable photos counted as wrong", e.top1CountingUnreadable());
            row("top-5, unreadable photos counted as wrong", e.top5CountingUnreadable());
        }
        h.append("</table>\n<p>").append(e.photos()).append(" photos scored, ").append(e.unreadable().size())
                .append(e.unreadable().isEmpty() ? " unreadable, " : " unreadable (listed below), ").append(e.perBreed().size()).append(" breeds; macro F1 ")
                .append(pct(e.macroF1())).append(".</p>\n");
    }

    private void row(String name, Proportion p) {
        h.append("<tr><td class=\"name\">").append(Html.escape(name)).append("</td><td>").append(pct(p.value()))
                .append("</td><td>").append(pct(p.ci95().low())).append(" – ").append(pct(p.ci95().high()))
                .append("</td><td>").append(p.hits()).append(" / ").append(p.total()).append("</td></tr>\n");
    }

    private void calibration(Evaluation e) {
        h.append("<p class=\"note\">A calibrated model is right on 70% of the photos it is 70% sure about: its points lie ")
                .append("on the diagonal. Points below it mean over-confidence.</p>\n<table><tr><th class=\"name\">")
                .append("probabilities</th><th>photos</th><th>ECE</th><th>MCE</th><th>NLL</th><th>Brier</th></tr>\n");
        calibrationRow("raw, all photos", e.calibration());
        if (e.temperature() != null) {
            TemperatureResult t = e.temperature();
            calibrationRow("raw, held-out photos", t.before());
            calibrationRow(String.format(Locale.ROOT, "calibrated (T = %.4f), held-out photos", t.fit().temperature()),
                    t.after());
            h.append("</table>\n<p>Temperature fitted on ").append(t.fit().photos()).append(" photos (")
                    .append(pct(t.fitFraction())).append(" of each breed, seed ").append(t.seed())
                    .append("), measured on the other ").append(t.testPhotos()).append(".");
            if (t.fit().atBound()) {
                h.append(" <strong>The fit hit the end of the searched range: these photos do not pin the temperature ")
                        .append("down.</strong>");
            }
            h.append("</p>\n");
        } else {
            h.append("</table>\n<p class=\"note\">Run with <code>--calibrate</code> to fit a temperature.</p>\n");
        }
    }

    private void calibrationRow(String name, CalibrationMetrics m) {
        h.append("<tr><td class=\"name\">").append(Html.escape(name)).append("</td><td>").append(m.photos())
                .append("</td><td>").append(pct(m.ece())).append("</td><td>").append(pct(m.mce())).append("</td><td>")
                .append(num(m.nll())).append("</td><td>").append(num(m.brier())).append("</td></tr>\n");
    }

    private void perBreed(Evaluation e) {
        h.append("<h2>Per breed</h2>\n<table><tr><th class=\"name\">breed</th><th>photos</th><th>predicted as it</th>")
                .append("<th>precision</th><th>recall</th><th>F1</th></tr>\n");
        for (BreedMetrics b : e.perBreed()) {
            h.append("<tr><td class=\"name\">").append(Html.escape(b.breed())).append("</td><td>").append(b.support())
                    .append("</td><td>").append(b.predicted()).append("</td><td>")
                    .append(b.precision() == null ? "–" : pct(b.precision())).append("</td><td>").append(pct(b.recall()))
                    .append("</td><td>").append(pct(b.f1())).append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">Precision is – when the model never named the breed.</p>\n");
    }

    private void confused(List<ConfusedPair> pairs) {
        h.append("<h2>Most confused</h2>\n");
        if (pairs.isEmpty()) {
            h.append("<p>No mistakes.</p>\n");
            return;
        }
        h.append("<table><tr><th class=\"name\">true breed</th><th class=\"name\">predicted</th><th>photos</th></tr>\n");
        for (ConfusedPair p : pairs) {
            h.append("<tr><td class=\"name\">").append(Html.escape(p.truth())).append("</td><td class=\"name\">")
                    .append(Html.escape(p.predicted())).append("</td><td>").append(p.count()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private void ood(OodResult o) {
        h.append("<h2>Not a dog?</h2>\n<p>Threshold on the ").append(Html.escape(o.defaultScore()))
                .append(o.calibrated() ? " of the calibrated probabilities" : " of the raw probabilities").append(": ")
                .append(num(o.threshold())).append(", which ").append(pct(o.dogsPassing()))
                .append(" of the labeled dog photos reach.</p>\n");
        if (o.perScore().isEmpty()) {
            h.append("<p class=\"note\">Run with <code>--ood FOLDER</code> (photos that are not dogs) to measure how well ")
                    .append("each score tells them apart.</p>\n");
            return;
        }
        h.append("<table><tr><th class=\"name\">score</th><th>AUROC</th><th>FPR at 95% TPR</th><th>dogs</th>")
                .append("<th>not dogs</th></tr>\n");
        for (OodMetrics m : o.perScore()) {
            h.append("<tr><td class=\"name\">").append(Html.escape(m.score())).append("</td><td>").append(num(m.auroc()))
                    .append("</td><td>").append(pct(m.fprAt95Tpr())).append("</td><td>").append(m.dogs())
                    .append("</td><td>").append(m.notDogs()).append("</td></tr>\n");
        }
        h.append("</table>\n");
        unreadable("Unreadable non-dog photos", o.notDogUnreadable());
    }

    private void inputs(Evaluation e) {
        h.append("<h2>Folders</h2>\n<table><tr><th class=\"name\">folder</th><th class=\"name\">breed</th></tr>\n");
        e.folders().forEach((folder, breed) -> h.append("<tr><td class=\"name\">").append(Html.escape(folder))
                .append("</td><td class=\"name\">").append(Html.escape(breed)).append("</td></tr>\n"));
        h.append("</table>\n");
        if (!e.unmatchedFolders().isEmpty()) {
            h.append("<p>Left out, matching no label of the model: ");
            for (int i = 0; i < e.unmatchedFolders().size(); i++) {
                h.append(i > 0 ? ", " : "").append("<code>").append(Html.escape(e.unmatchedFolders().get(i))).append("</code>");
            }
            h.append(".</p>\n");
        }
        unreadable("Unreadable photos", e.unreadable());
    }

    private void unreadable(String title, List<Unreadable> photos) {
        if (photos.isEmpty()) {
            return;
        }
        h.append("<h3>").append(Html.escape(title)).append(" (").append(photos.size()).append(")</h3>\n<table><tr>")
                .append("<th class=\"name\">photo</th><th class=\"name\">breed</th><th class=\"name\">stage</th>")
                .append("<th class=\"name\">reason</th></tr>\n");
        for (Unreadable u : photos) {
            h.append("<tr><td class=\"name\">").append(Html.escape(u.uri())).append("</td><td class=\"name\">")
                    .append(Html.escape(u.breed())).append("</td><td class=\"name\">").append(Html.escape(u.stage()))
                    .append("</td><td class=\"name\">").append(Html.escape(u.reason())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
