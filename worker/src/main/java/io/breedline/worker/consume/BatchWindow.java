package io.breedline.worker.consume;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a forming batch closes: as soon as {@code maxBatchSize} items at the head of the queue are ready, or when the
 * oldest item has waited {@code maxBatchDelay}, taking then whatever ready prefix there is. Under load batches fill
 * up; when traffic is thin no image waits much longer than the delay.
 */
final class BatchWindow {
    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final LongSupplier nanoClock;

    BatchWindow(int maxBatchSize, Duration maxBatchDelay, LongSupplier nanoClock) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxBatchDelay.toNanos();
        this.nanoClock = nanoClock;
    }

    int maxBatchSize() {
        return maxBatchSize;
    }

    /** Whether the item polled at {@code polledNanos} has waited the batch delay. */
    boolean waitedOut(long polledNanos) {
        return nanoClock.getAsLong() - polledNanos >= maxDelayNanos;
    }

    /**
     * How many items to take now; 0 while the batch is still forming.
     *
     * @param readyPrefix how many items at the head of the queue are ready (done or failed)
     * @param oldestPolledNanos when the head of the queue was polled
     * @param flush take whatever is ready without waiting (shutting down)
     */
    int closeSize(int readyPrefix, long oldestPolledNanos, boolean flush) {
        if (readyPrefix <= 0) {
            return 0;
        }
        if (readyPrefix >= maxBatchSize) {
            return maxBatchSize;
        }
        if (flush || nanoClock.getAsLong() - oldestPolledNanos >= maxDelayNanos) {
            return readyPrefix;
        }
        return 0;
    }
}
