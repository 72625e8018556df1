package io.breedline.sink.query;

/**
 * The outcome of one image: its top two breeds, or why it failed.
 *
 * @param modelVersion null for a failure
 * @param topBreed null for a failure
 * @param secondBreed null for a failure or a top-1 prediction
 * @param failureStage FETCH, DECODE, ... for a failure, else null
 * @param failureReason what went wrong, for a failure, else null
 * @param notADog the prediction scored below its calibrated model's "not a dog" threshold (its breeds are kept)
 */
public record ResultRow(
        String imageId,
        String uri,
        String modelVersion,
        String topBreed,
        Double topProbability,
        String secondBreed,
        Double secondProbability,
        String failureStage,
        String failureReason,
        boolean notADog) {

    /** A row of a model without calibration, or a failure. */
    public ResultRow(String imageId, String uri, String modelVersion, String topBreed, Double topProbability,
            String secondBreed, Double secondProbability, String failureStage, String failureReason) {
        this(imageId, uri, modelVersion, topBreed, topProbability, secondBreed, secondProbability, failureStage,
                failureReason, false);
    }

    public boolean failed() {
        return failureReason != null;
    }
}
