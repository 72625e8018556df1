package io.breedline.contracts.calibration;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code evaluate --calibrate} learned about one model version, saved for the worker and later evaluations.
 *
 * @param modelVersion the version the predictions carried ({@code sha256:...} or BREEDLINE_MODEL_VERSION)
 * @param temperature divide log-probabilities by this before the softmax
 * @param oodScore the out-of-distribution score the threshold applies to (MSP or ENERGY), on calibrated probabilities
 * @param oodThreshold a prediction scoring below this is "not a dog?"; chosen so that {@code oodDogsPassing} of the
 *     labeled dog photos pass
 * @param fitPhotos photos the temperature was fitted on
 * @param folder the labeled folder it came from
 */
public record ModelCalibration(int format, String modelVersion, double temperature, String oodScore, double oodThreshold,
        double oodDogsPassing, int fitPhotos, String folder, Instant fittedAt) {
    public static final int FORMAT = 1;

    public ModelCalibration {
        Objects.requireNonNull(modelVersion, "modelVersion");
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, was " + temperature);
        }
    }
}
