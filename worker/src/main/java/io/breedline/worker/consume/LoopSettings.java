package io.breedline.worker.consume;

import io.breedline.contracts.Topics;
import java.time.Duration;
import java.util.List;

/**
 * What the poll loop needs to know beyond its collaborators.
 *
 * @param imagesTopic the bulk lane's topic
 * @param maxInFlight records polled but not yet published before partitions are paused (the priority lane's own
 *     records count again against the same limit)
 * @param drainTimeout how long a stopping loop keeps publishing what it has before giving the rest up
 * @param revokeWait how long a revocation waits for the batches in the model, to publish them before letting go
 * @param modelStreams batches in the model at once, at most
 * @param priorityTopic the priority lane's topic, served first
 */
public record LoopSettings(String imagesTopic, int maxBatchSize, Duration maxBatchDelay, int maxInFlight,
        Duration drainTimeout, Duration revokeWait, int modelStreams, String priorityTopic) {
    public LoopSettings {
        if (modelStreams < 1) {
            throw new IllegalArgumentException("modelStreams must be at least 1, was " + modelStreams);
        }
        if (priorityTopic.equals(imagesTopic)) {
            throw new IllegalArgumentException("the priority topic must differ from the images topic: " + imagesTopic);
        }
    }

    /** The priority topic named after the images topic ({@code <images>.priority}). */
    public LoopSettings(String imagesTopic, int maxBatchSize, Duration maxBatchDelay, int maxInFlight,
            Duration drainTimeout, Duration revokeWait, int modelStreams) {
        this(imagesTopic, maxBatchSize, maxBatchDelay, maxInFlight, drainTimeout, revokeWait, modelStreams,
                imagesTopic + Topics.PRIORITY_SUFFIX);
    }

    /** One batch in the model at a time. */
    public LoopSettings(String imagesTopic, int maxBatchSize, Duration maxBatchDelay, int maxInFlight,
            Duration drainTimeout, Duration revokeWait) {
        this(imagesTopic, maxBatchSize, maxBatchDelay, maxInFlight, drainTimeout, revokeWait, 1);
    }

    /** The topics the loop subscribes to, priority lane first. */
    List<String> topics() {
        return List.of(priorityTopic, imagesTopic);
    }

}
