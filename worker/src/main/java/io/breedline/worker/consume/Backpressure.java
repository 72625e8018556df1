package io.breedline.worker.consume;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions the consumer fetches from. Pauses every assigned partition while too many records are in flight
 * and resumes them once half have drained; the poll thread keeps polling while paused, so the consumer stays in its
 * group however slow the model is.
 *
 * <p>Partitions taken over in a rebalance (from a dead or departed worker) go first: the partitions this worker
 * already had are held back until a taken-over one has delivered records, at most {@link #TAKEOVER_HOLD}. Otherwise
 * the records already fetched for the old partitions (the consumer hands out one partition's fetched records before
 * the next's) would be worked off first, and the taken-over partitions, which have waited for the dead worker's
 * session to expire already, would wait several batches more. The taken-over partitions fetch at once even when the
 * worker is full (one poll's records past the limit, then they pause with the others): {@link InFlight} puts their
 * records ahead of those queued, so they make the next batch rather than the one after.
 */
final class Backpressure {
    static final Duration TAKEOVER_HOLD = Duration.ofSeconds(3);

    private final int high;
    private final int low;
    private final LongSupplier nanoClock;
    private boolean paused;
    private Set<TopicPartition> held = Set.of();
    private Set<TopicPartition> takenOver = Set.of();
    private long holdEnds;

    Backpressure(int maxInFlight) {
        this(maxInFlight, System::nanoTime);
    }

    Backpressure(int maxInFlight, LongSupplier nanoClock) {
        this.high = maxInFlight;
        this.low = maxInFlight / 2;
        this.nanoClock = nanoClock;
    }

    /** @return true when this call paused the partitions */
    boolean update(Consumer<?, ?> consumer, int inFlight, boolean stopping) {
        if (!held.isEmpty() && nanoClock.getAsLong() - holdEnds > 0) {
            release(consumer);
        }
        if (!paused && (inFlight >= high || stopping)) {
            consumer.pause(consumer.assignment());
            paused = true;
            return true;
        }
        if (paused && !stopping && inFlight <= low) {
            Set<TopicPartition> resume = new HashSet<>(consumer.paused());
            resume.removeAll(held);
            consumer.resume(resume);
            paused = false;
        }
        return false;
    }

    /**
     * Partitions assigned while paused start paused too, or they would bypass the limit; taken over ones (the worker
     * had partitions already) are the exception: they fetch, and the others wait for them.
     *
     * @return whether the partitions were taken over (their records go first)
     */
    boolean onAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return false;
        }
        Set<TopicPartition> others = new HashSet<>(consumer.assignment());
        others.removeAll(partitions);
        if (others.isEmpty()) {
            if (paused) {
                consumer.pause(partitions);
            }
            return false;
        }
        held = others;
        takenOver = Set.copyOf(partitions);
        holdEnds = nanoClock.getAsLong() + TAKEOVER_HOLD.toNanos();
        consumer.pause(held);
        return true;
    }

    /** What a poll returned records from: once a taken-over partition has delivered, the held ones fetch again. */
    void polled(Consumer<?, ?> consumer, Set<TopicPartition> partitions) {
        if (!held.isEmpty() && partitions.stream().anyMatch(takenOver::contains)) {
            release(consumer);
        }
    }

    private void release(Consumer<?, ?> consumer) {
        if (paused) {
            // Full: the taken-over partitions had their one fetch past the limit and wait with the others now.
            Set<TopicPartition> pause = new HashSet<>(takenOver);
            pause.retainAll(consumer.assignment()); // some may have been revoked since
            consumer.pause(pause);
        } else {
            Set<TopicPartition> resume = new HashSet<>(held);
            resume.retainAll(consumer.assignment());
            consumer.resume(resume);
        }
        held = Set.of();
        takenOver = Set.of();
    }

    boolean paused() {
        return paused;
    }

    /** The partitions held back for taken-over ones, for tests and logs. */
    Set<TopicPartition> held() {
        return held;
    }
}
