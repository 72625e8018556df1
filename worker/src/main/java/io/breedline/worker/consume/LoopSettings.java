package io.breedline.worker.consume;

import java.time.Duration;

/**
 * What the poll loop needs to know beyond its collaborators.
 *
 * @param maxInFlight records polled but not yet published before partitions are paused
 * @param drainTimeout how long a stopping loop keeps publishing what it has before giving the rest up
 * @param revokeWait how long a revocation waits for the batch in the model, to publish it before letting go
 */
public record LoopSettings(
        String imagesTopic, int maxBatchSize, Duration maxBatchDelay, int maxInFlight, Duration drainTimeout, Duration revokeWait) {}
