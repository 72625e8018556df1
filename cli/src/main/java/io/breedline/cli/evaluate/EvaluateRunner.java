package io.breedline.cli.evaluate;

import io.breedline.service.UserError;
import io.breedline.models.DemoModelCache;
import io.breedline.clients.config.Settings;
import io.breedline.evaluation.BreedFolders;
import io.breedline.evaluation.Scored;
import io.breedline.contracts.calibration.CalibrationStore;
import io.breedline.contracts.calibration.ModelCalibration;
import io.breedline.evaluation.report.Evaluation;
import io.breedline.evaluation.report.Evaluator;
import io.breedline.evaluation.report.ReportWriter;
import io.breedline.evaluation.report.Unreadable;
import io.breedline.sink.query.JobDistributions.Distribution;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code ./breedline evaluate}: matches the breed folders to the model's labels, runs the photos through the real
 * pipeline, computes the metrics and writes the report; with {@code --calibrate} it saves the temperature and the
 * "not a dog" threshold for the model version.
 */
public final class EvaluateRunner {
    private final EvaluateOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Settings environment;

    public EvaluateRunner(EvaluateOptions options, PrintStream out, PrintStream err) {
        this(options, out, err, Settings.fromEnvironment());
    }

    EvaluateRunner(EvaluateOptions options, PrintStream out, PrintStream err, Settings environment) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public Evaluation run() throws Exception {
        Path folder = existingFolder(options.folder(), "FOLDER");
        Optional<Path> notDogFolder = options.notDogs().map(f -> existingFolder(f, "--ood"));
        String model = options.model().orElseGet(() -> {
            DemoModelCache.warn(err);
            return DemoModelCache.ensureBuilt(err).toString();
        });
        List<String> labels = ModelLabels.of(model, options.labels(), environment);
        BreedFolders.Matches matches = match(folder, labels);

        PipelineScores.Scores scores = PipelineScores.run(folder, model, options, labels.size(), environment, out,
                err);
        List<Scored> photos = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        TreeSet<String> versions = new TreeSet<>();
        for (Distribution d : scores.photos()) {
            int truth = truthOf(folder, d.uri(), matches);
            if (truth >= 0) {
                photos.add(new Scored(d.uri(), truth, d.probabilities()));
                versions.add(d.modelVersion());
            }
        }
        for (PipelineScores.Failure f : scores.failures()) {
            int truth = truthOf(folder, f.uri(), matches);
            if (truth >= 0) {
                unreadable.add(new Unreadable(f.uri(), labels.get(truth), f.stage(), f.reason()));
            }
        }
        if (photos.isEmpty()) {
            throw new UserError(unreadable.isEmpty()
                    ? "no photos in the breed folders of " + folder + " (" + String.join(", ", matches.matched().keySet()) + ")"
                    : "none of the " + unreadable.size() + " photos in the breed folders of " + folder
                            + " could be read; the first: " + unreadable.get(0).uri() + ": " + unreadable.get(0).reason());
        }
        if (versions.size() > 1) {
            throw new UserError("the photos were labeled by more than one model version: " + versions);
        }
        String version = versions.first();

        Optional<Evaluator.NotDogs> notDogs = Optional.empty();
        if (notDogFolder.isPresent()) {
            PipelineScores.Scores others = PipelineScores.run(notDogFolder.get(), model, options, labels.size(),
                    environment, out, err);
            notDogs = Optional.of(new Evaluator.NotDogs(others.photos().stream().map(Distribution::probabilities).toList(),
                    others.failures().stream().map(f -> new Unreadable(f.uri(), null, f.stage(), f.reason())).toList()));
        }

        Map<String, String> folders = new LinkedHashMap<>();
        matches.matched().forEach((name, label) -> folders.put(name, labels.get(label)));
        Instant now = Instant.now();
        Evaluation evaluation = Evaluator.evaluate(new Evaluator.Inputs(folder.toString(), version, labels, folders,
                matches.unmatched(), photos, unreadable, notDogs),
                options.calibrate() ? Optional.of(new Evaluator.CalibrateOptions(options.fitFraction(), options.seed()))
                        : Optional.empty(), now);
        Path outDir = options.out().toAbsolutePath().normalize();
        Path html = ReportWriter.write(evaluation, outDir);
        summary(evaluation, outDir, html);
        if (options.calibrate()) {
            save(evaluation, folder, now);
        }
        return evaluation;
    }

    private BreedFolders.Matches match(Path folder, List<String> labels) throws IOException {
        List<String> subfolders;
        try (Stream<Path> entries = Files.list(folder)) {
            subfolders = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        }
        if (subfolders.isEmpty()) {
            throw new UserError(folder + " has no subfolders: put each breed's photos in a subfolder named after it, "
                    + "as Stanford Dogs does (n02085620-Chihuahua) or as the label (Chihuahua, French_bulldog)");
        }
        BreedFolders.Matches matches = new BreedFolders(labels).matchAll(subfolders);
        if (matches.matched().isEmpty()) {
            throw new UserError("none of the " + subfolders.size() + " subfolders of " + folder
                    + " is named after one of the model's " + labels.size() + " labels (" + preview(subfolders)
                    + "; labels: " + preview(labels) + ")");
        }
        if (!matches.unmatched().isEmpty()) {
            err.println("breedline: left out " + matches.unmatched().size() + " subfolder(s) matching no label: "
                    + String.join(", ", matches.unmatched()));
        }
        return matches;
    }

    /** The breed of a photo: its first folder under the labeled folder; -1 for loose photos and left-out folders. */
    private static int truthOf(Path folder, String uri, BreedFolders.Matches matches) {
        Path relative = folder.relativize(Path.of(uri));
        if (relative.getNameCount() < 2) {
            return -1;
        }
        return matches.matched().getOrDefault(relative.getName(0).toString(), -1);
    }

    private void save(Evaluation e, Path folder, Instant now) {
        if (e.temperature().fit().atBound()) {
            err.println("breedline: the temperature fit hit the end of its range (" + e.temperature().fit().temperature()
                    + "): these photos do not pin it down; saved anyway, see the report");
        }
        ModelCalibration c = new ModelCalibration(ModelCalibration.FORMAT, e.modelVersion(),
                e.temperature().fit().temperature(), e.ood().defaultScore(), e.ood().threshold(), e.ood().dogsPassing(),
                e.temperature().fit().photos(), folder.toString(), now);
        Path file = new CalibrationStore(ModelLabels.cacheDir(environment)).save(c);
        out.println("Calibration for model version " + e.modelVersion() + " saved to " + file);
    }

    private void summary(Evaluation e, Path outDir, Path html) {
        out.println();
        out.printf(Locale.ROOT, "%d photos of %d breeds, %d unreadable, model version %s%n", e.photos(),
                e.perBreed().size(), e.unreadable().size(), e.modelVersion());
        out.printf(Locale.ROOT, "top-1 accuracy %.1f%% (95%% CI %.1f-%.1f%%), top-5 %.1f%%, ECE %.1f%%%n",
                e.top1().value() * 100, e.top1().ci95().low() * 100, e.top1().ci95().high() * 100,
                e.top5().value() * 100, e.calibration().ece() * 100);
        if (e.temperature() != null) {
            out.printf(Locale.ROOT, "temperature %.4f: ECE on held-out photos %.1f%% -> %.1f%%%n",
                    e.temperature().fit().temperature(), e.temperature().before().ece() * 100,
                    e.temperature().after().ece() * 100);
        }
        e.ood().perScore().forEach(m -> out.printf(Locale.ROOT, "not a dog, %s: AUROC %.3f, FPR at 95%% TPR %.1f%%%n",
                m.score(), m.auroc(), m.fprAt95Tpr() * 100));
        out.println("Report: " + html);
        out.println("JSON and plots in " + outDir);
    }

    private static Path existingFolder(Path folder, String what) {
        Path p = folder.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new UserError(what + " " + folder + ": no such folder");
        }
        if (!Files.isDirectory(p)) {
            throw new UserError(what + " " + folder + ": not a folder");
        }
        return p;
    }

    private static String preview(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + ", ... " + (names.size() - 5) + " more";
    }
}
