package io.breedline.worker.consume;

import java.time.Duration;

/**
 * What the poll loop needs to know beyond its collaborators.
 *
 * @param maxInFlight records polled but not yet published before partitions are paused
 * @param drainTimeout how long a stopping loop keeps publishing what it has before giving the rest up
 * @param revokeWait how long a revocation waits for the batches in the model, to publish them before letting go
 * @param modelStreams batches in the model at once, at most
 */
public record LoopSettings(String imagesTopic, int maxBatchSize, Duration maxBatchDelay, int maxInFlight,
        Duration drainTimeout, Duration revokeWait, int modelStreams) {
    public LoopSettings {
        if (modelStreams < 1) {
            throw new IllegalArgumentException("modelStreams must be at least 1, was " + modelStreams);
        }
    }

    /** One batch in the model at a time. */
    public LoopSettings(String imagesTopic, int maxBatchSize, Duration maxBatchDelay, int maxInFlight,
            Duration drainTimeout, Duration revokeWait) {
        this(imagesTopic, maxBatchSize, maxBatchDelay, maxInFlight, drainTimeout, revokeWait, 1);
    }
}
