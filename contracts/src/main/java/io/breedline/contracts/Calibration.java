package io.breedline.contracts;

import java.util.List;
import java.util.Objects;

/**
 * What a worker serving a calibrated model version adds to a prediction (see {@code ModelCalibration}): the top-k after
 * temperature scaling, which of the two the display uses, and the "not a dog" verdict. Absent (null) on predictions of
 * a model without calibration.
 *
 * @param temperature the T the probabilities were scaled by: softmax(log p / T)
 * @param topK the same classes as the prediction's raw top-k, in the same order (scaling never changes the ranking),
 *     with their calibrated probabilities
 * @param display which top-k the display rule, the result tables and the sink's {@code top_*} columns use
 * @param oodScore the out-of-distribution score's name ({@code MSP} or {@code ENERGY}), computed on the calibrated
 *     probabilities
 * @param oodValue the photo's score; higher is more dog-like
 * @param oodThreshold the saved threshold: 95% of the labeled dog photos scored at or above it
 * @param unknown {@code oodValue < oodThreshold}: probably not a dog; the top-k are kept all the same
 */
public record Calibration(double temperature, List<BreedScore> topK, Display display, String oodScore, double oodValue,
        double oodThreshold, boolean unknown) {

    /** Which top-k a prediction shows. */
    public enum Display {
        RAW,
        CALIBRATED
    }

    public Calibration {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, was " + temperature);
        }
        topK = List.copyOf(Objects.requireNonNull(topK, "calibration.topK"));
        Objects.requireNonNull(display, "calibration.display");
        Objects.requireNonNull(oodScore, "calibration.oodScore");
        if (topK.isEmpty()) {
            throw new IllegalArgumentException("calibration.topK must not be empty");
        }
    }
}
