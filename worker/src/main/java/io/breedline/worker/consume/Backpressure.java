package io.breedline.worker.consume;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Pauses every assigned partition while too many records are in flight and resumes them once half have drained. The
 * poll thread keeps polling while paused, so the consumer stays in its group however slow the model is.
 */
final class Backpressure {
    private final int high;
    private final int low;
    private boolean paused;

    Backpressure(int maxInFlight) {
        this.high = maxInFlight;
        this.low = maxInFlight / 2;
    }

    /** @return true when this call paused the partitions */
    boolean update(Consumer<?, ?> consumer, int inFlight, boolean stopping) {
        if (!paused && (inFlight >= high || stopping)) {
            consumer.pause(consumer.assignment());
            paused = true;
            return true;
        }
        if (paused && !stopping && inFlight <= low) {
            consumer.resume(consumer.paused());
            paused = false;
        }
        return false;
    }

    /** Partitions assigned while paused start paused too, or they would bypass the limit. */
    void onAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (paused && !partitions.isEmpty()) {
            consumer.pause(partitions);
        }
    }

    boolean paused() {
        return paused;
    }
}
