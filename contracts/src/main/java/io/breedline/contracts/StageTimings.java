package io.breedline.contracts;

/**
 * Milliseconds one image spent in each worker stage.
 *
 * @param fetchMs reading the bytes from S3 or a file
 * @param decodeMs decoding and resizing to the model input
 * @param queueWaitMs from decoded to entering the model (waiting for the batch to close and the model to be free)
 * @param inferenceMs the model call for the whole batch this image was in
 * @param batchSize how many images shared that model call
 */
public record StageTimings(long fetchMs, long decodeMs, long queueWaitMs, long inferenceMs, int batchSize) {}
