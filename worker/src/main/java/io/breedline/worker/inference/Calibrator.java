package io.breedline.worker.inference;

import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Calibration;
import io.breedline.contracts.calibration.CalibrationStore;
import io.breedline.contracts.calibration.ModelCalibration;
import io.breedline.contracts.calibration.OodScore;
import io.breedline.contracts.calibration.TemperatureScaling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Applies the calibration {@code ./breedline evaluate --calibrate} saved for the model version being served: the
 * temperature on log-probabilities (softmax(log p / T)), then the "not a dog" score and threshold on the calibrated
 * probabilities, as {@code evaluate} chose the threshold. {@link #NONE} for a model version without one: its predictions
 * carry no calibration at all.
 */
public final class Calibrator {
    /** No calibration: predictions stay exactly as they were. */
    public static final Calibrator NONE = new Calibrator(null, null);

    private final ModelCalibration calibration;
    private final OodScore score;

    private Calibrator(ModelCalibration calibration, OodScore score) {
        this.calibration = calibration;
        this.score = score;
    }

    public static Calibrator of(ModelCalibration calibration) {
        OodScore score;
        try {
            score = OodScore.valueOf(String.valueOf(calibration.oodScore()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the calibration of model version " + calibration.modelVersion()
                    + " names the out-of-distribution score '" + calibration.oodScore() + "'; known: "
                    + Arrays.toString(OodScore.values()), e);
        }
        if (!Double.isFinite(calibration.oodThreshold())) {
            throw new IllegalStateException("the calibration of model version " + calibration.modelVersion()
                    + " has no finite out-of-distribution threshold: " + calibration.oodThreshold());
        }
        return new Calibrator(calibration, score);
    }

    /**
     * The saved calibration of {@code modelVersion} in the model cache ({@code <cacheDir>/calibration/}), or
     * {@link #NONE}. A file that is there but unreadable or for another version fails the worker's start: serving
     * uncalibrated predictions the user believes calibrated would be worse than not starting.
     */
    public static Calibrator forModel(Path cacheDir, String modelVersion) {
        return new CalibrationStore(cacheDir).load(modelVersion).map(Calibrator::of).orElse(NONE);
    }

    public boolean calibrates() {
        return calibration != null;
    }

    /**
     * The calibration of one prediction: the raw top-k's classes with their calibrated probabilities (scaling keeps the
     * ranking), the score and whether it falls below the threshold; null for {@link #NONE}.
     *
     * @param probabilities the model's output row, all classes
     * @param rawTopK the row's top-k, as {@link TopK} chose them
     */
    public Calibration apply(float[] probabilities, List<BreedScore> rawTopK) {
        if (calibration == null) {
            return null;
        }
        double[] p = new double[probabilities.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.max(0, probabilities[k]);
        }
        double[] q = TemperatureScaling.apply(p, calibration.temperature());
        List<BreedScore> topK = new ArrayList<>(rawTopK.size());
        for (BreedScore s : rawTopK) {
            topK.add(new BreedScore(s.breed(), s.classIndex(), Math.min(1.0, q[s.classIndex()])));
        }
        double value = score.of(q);
        return new Calibration(calibration.temperature(), topK, Calibration.Display.CALIBRATED, score.name(), value,
                calibration.oodThreshold(), value < calibration.oodThreshold());
    }

    public String describe() {
        return calibration == null ? "none"
                : String.format(Locale.ROOT, "temperature %.4f, %s threshold %.4f (fitted %s on %s)",
                        calibration.temperature(), calibration.oodScore(), calibration.oodThreshold(),
                        calibration.fittedAt(), calibration.folder());
    }
}
