package io.breedline.evaluation.metrics;

import io.breedline.contracts.calibration.TemperatureScaling;

/** Logarithms of softmax outputs, with the one floor every metric, the temperature fit and the worker share. */
public final class Probabilities {
    /** {@link TemperatureScaling#FLOOR}: a float32 softmax gives exactly 0 below it. */
    public static final double FLOOR = TemperatureScaling.FLOOR;

    private Probabilities() {}

    public static double log(double p) {
        return TemperatureScaling.log(p);
    }
}
