package io.breedline.evaluation.report;

import io.breedline.evaluation.Scored;
import io.breedline.evaluation.calibration.Split;
import io.breedline.evaluation.calibration.Temperature;
import io.breedline.evaluation.metrics.CalibrationMetrics;
import io.breedline.evaluation.metrics.Confusion;
import io.breedline.evaluation.metrics.TopKAccuracy;
import io.breedline.evaluation.ood.OodMetrics;
import io.breedline.contracts.calibration.OodScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Computes an {@link Evaluation} from scored photos: the one place the metrics are put together. */
public final class Evaluator {
    public static final int CONFUSED_PAIRS = 10;

    /**
     * What the labeled folder gave.
     *
     * @param notDogs the non-dog photos' distributions, empty without {@code --ood}
     */
    public record Inputs(String folder, String modelVersion, List<String> labels, Map<String, String> folders,
            List<String> unmatchedFolders, List<Scored> photos, List<Unreadable> unreadable,
            Optional<NotDogs> notDogs) {}

    public record NotDogs(List<double[]> probabilities, List<Unreadable> unreadable) {}

    /** {@code --calibrate}: the share of each breed's photos the temperature is fitted on, and the split's seed. */
    public record CalibrateOptions(double fitFraction, long seed) {}

    private Evaluator() {}

    public static Evaluation evaluate(Inputs in, Optional<CalibrateOptions> calibrate, Instant now) {
        List<Scored> photos = in.photos();
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("no photo of " + in.folder() + " could be scored (" + in.unreadable().size()
                    + " unreadable)");
        }
        int dead = in.unreadable().size();
        Confusion confusion = new Confusion(in.labels(), photos);

        TemperatureResult temperature = calibrate.map(o -> temperature(photos, o)).orElse(null);
        double t = temperature == null ? 1 : temperature.fit().temperature();
        OodResult ood = ood(photos, in.notDogs(), t, temperature != null);

        return new Evaluation(Evaluation.FORMAT, in.folder(), in.modelVersion(), now, in.labels().size(), in.folders(),
                in.unmatchedFolders(), photos.size(), in.unreadable(),
                TopKAccuracy.of(photos, 1, 0), TopKAccuracy.of(photos, 5, 0),
                TopKAccuracy.of(photos, 1, dead), TopKAccuracy.of(photos, 5, dead),
                confusion.macroF1(), confusion.perBreed(), confusion.mostConfused(CONFUSED_PAIRS),
                ConfusionView.of(confusion), CalibrationMetrics.of(photos), temperature, ood);
    }

    private static TemperatureResult temperature(List<Scored> photos, CalibrateOptions o) {
        Split split = Split.of(photos, o.fitFraction(), o.seed());
        if (split.fit().isEmpty() || split.test().isEmpty()) {
            throw new IllegalArgumentException("--calibrate needs at least 2 photos of a breed to split them into a fit "
                    + "and a test part; this folder gives " + split.fit().size() + " and " + split.test().size());
        }
        Temperature.Fit fit = Temperature.fit(split.fit());
        return new TemperatureResult(fit, o.fitFraction(), o.seed(), split.test().size(),
                CalibrationMetrics.of(split.test()),
                CalibrationMetrics.of(Temperature.apply(split.test(), fit.temperature())));
    }

    /** The threshold comes from every labeled photo, with the temperature the worker would apply. */
    private static OodResult ood(List<Scored> photos, Optional<NotDogs> notDogs, double t, boolean calibrated) {
        List<double[]> dogs = photos.stream().map(s -> t == 1 ? s.probabilities() : Temperature.apply(s.probabilities(), t))
                .toList();
        double[] dogDefault = scores(dogs, OodScore.DEFAULT);
        double threshold = OodMetrics.passThreshold(dogDefault, OodMetrics.TPR);
        double passing = (double) java.util.Arrays.stream(dogDefault).filter(s -> s >= threshold).count() / dogDefault.length;
        List<OodMetrics> perScore = new ArrayList<>();
        int notDogPhotos = 0;
        List<Unreadable> notDogUnreadable = List.of();
        if (notDogs.isPresent()) {
            List<double[]> others = notDogs.get().probabilities().stream()
                    .map(p -> t == 1 ? p : Temperature.apply(p, t)).toList();
            notDogPhotos = others.size();
            notDogUnreadable = notDogs.get().unreadable();
            if (!others.isEmpty()) {
                for (OodScore score : OodScore.values()) {
                    perScore.add(OodMetrics.of(score, scores(dogs, score), scores(others, score)));
                }
            }
        }
        return new OodResult(OodScore.DEFAULT.name(), calibrated, threshold, passing, List.copyOf(perScore), notDogPhotos,
                notDogUnreadable);
    }

    private static double[] scores(List<double[]> distributions, OodScore score) {
        return distributions.stream().mapToDouble(score::of).toArray();
    }
}
