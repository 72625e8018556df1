package io.breedline.evaluation.report;

import io.breedline.evaluation.calibration.Temperature;
import io.breedline.evaluation.metrics.CalibrationMetrics;

/**
 * Temperature scaling fitted on one part of the folder and measured on the other.
 *
 * @param before the held-out part's metrics with the raw probabilities
 * @param after the same photos after scaling by the fitted temperature
 */
public record TemperatureResult(Temperature.Fit fit, double fitFraction, long seed, int testPhotos,
        CalibrationMetrics before, CalibrationMetrics after) {}
