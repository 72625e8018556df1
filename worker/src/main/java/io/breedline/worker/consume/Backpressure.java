package io.breedline.worker.consume;

import io.breedline.worker.consume.Pauses.Reason;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions the consumer fetches from, for two reasons of its own ({@link Pauses} keeps them apart from the
 * priority lane's). Pauses partitions while too many records are in flight and resumes them once half have drained; the
 * poll thread keeps polling while paused, so the consumer stays in its group however slow the model is. Bulk
 * partitions pause when all records in flight reach the limit, as without lanes, so a backfill's throughput does not
 * change; priority partitions only when the priority lane's own records reach it, so a worker full of backfill still
 * fetches the uploads that arrive next. Both lanes full would hold twice the limit; uploads rarely come that fast.
 *
 * <p>Partitions taken over in a rebalance (from a dead or departed worker) go first: the bulk partitions this worker
 * already had are held back until a taken-over one has delivered records, at most {@link #TAKEOVER_HOLD}. Otherwise
 * the records already fetched for the old partitions (the consumer hands out one partition's fetched records before
 * the next's) would be worked off first, and the taken-over partitions, which have waited for the dead worker's
 * session to expire already, would wait several batches more. The taken-over partitions fetch at once even when the
 * worker is full (one poll's records past the limit, then they pause with the others): {@link InFlight} puts their
 * records ahead of those queued in their lane, so they make the next batch rather than the one after. Priority
 * partitions are never held for them: uploads go before everything.
 */
final class Backpressure {
    static final Duration TAKEOVER_HOLD = Duration.ofSeconds(3);

    private final int high;
    private final int low;
    private final LongSupplier nanoClock;
    private final Pauses pauses;
    private final Predicate<TopicPartition> priority;
    private boolean bulkPaused;
    private boolean priorityPaused;
    private Set<TopicPartition> takenOver = Set.of();
    private long holdEnds;

    /** One lane: every partition pauses at {@code maxInFlight}. */
    Backpressure(int maxInFlight, LongSupplier nanoClock) {
        this(maxInFlight, nanoClock, new Pauses(), tp -> false);
    }

    /** @param priority which partitions are the priority lane's */
    Backpressure(int maxInFlight, LongSupplier nanoClock, Pauses pauses, Predicate<TopicPartition> priority) {
        this.high = maxInFlight;
        this.low = maxInFlight / 2;
        this.nanoClock = nanoClock;
        this.pauses = pauses;
        this.priority = priority;
    }

    /** One lane: {@code inFlight} records in flight, none of them the priority lane's. */
    boolean update(Consumer<?, ?> consumer, int inFlight, boolean stopping) {
        return update(consumer, inFlight, 0, stopping);
    }

    /**
     * @param inFlight records in flight, both lanes
     * @param priorityInFlight those of them from the priority lane
     * @return true when this call paused partitions
     */
    boolean update(Consumer<?, ?> consumer, int inFlight, int priorityInFlight, boolean stopping) {
        if (!takenOver.isEmpty() && nanoClock.getAsLong() - holdEnds > 0) {
            release(consumer);
        }
        boolean pausedNow = false;
        if (!bulkPaused && (inFlight >= high || stopping)) {
            pauses.pause(consumer, Reason.FULL, lane(consumer.assignment(), false));
            bulkPaused = true;
            pausedNow = true;
        } else if (bulkPaused && !stopping && inFlight <= low) {
            pauses.resume(consumer, Reason.FULL, lane(consumer.assignment(), false));
            bulkPaused = false;
        }
        if (!priorityPaused && (priorityInFlight >= high || stopping)) {
            pauses.pause(consumer, Reason.FULL, lane(consumer.assignment(), true));
            priorityPaused = true;
            pausedNow = true;
        } else if (priorityPaused && !stopping && priorityInFlight <= low) {
            pauses.resume(consumer, Reason.FULL, lane(consumer.assignment(), true));
            priorityPaused = false;
        }
        return pausedNow;
    }

    /**
     * Partitions assigned while paused start paused too, or they would bypass the limit; taken over ones (the worker
     * had partitions already) are the exception: they fetch, and the worker's other bulk partitions wait for them.
     *
     * @return whether the partitions were taken over (their records go first)
     */
    boolean onAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return false;
        }
        Set<TopicPartition> before = new HashSet<>(consumer.assignment());
        before.removeAll(partitions);
        if (before.isEmpty()) {
            if (bulkPaused) {
                pauses.pause(consumer, Reason.FULL, lane(partitions, false));
            }
            if (priorityPaused) {
                pauses.pause(consumer, Reason.FULL, lane(partitions, true));
            }
            return false;
        }
        takenOver = Set.copyOf(partitions);
        holdEnds = nanoClock.getAsLong() + TAKEOVER_HOLD.toNanos();
        pauses.pause(consumer, Reason.TAKEOVER, lane(before, false));
        return true;
    }

    /** What a poll returned records from: once a taken-over partition has delivered, the held ones fetch again. */
    void polled(Consumer<?, ?> consumer, Set<TopicPartition> partitions) {
        if (!takenOver.isEmpty() && partitions.stream().anyMatch(takenOver::contains)) {
            release(consumer);
        }
    }

    private void release(Consumer<?, ?> consumer) {
        pauses.resumeAll(consumer, Reason.TAKEOVER);
        // Full: the taken-over partitions had their one fetch past the limit and wait with the others now.
        Set<TopicPartition> taken = new HashSet<>(takenOver);
        taken.retainAll(consumer.assignment()); // some may have been revoked since
        if (bulkPaused) {
            pauses.pause(consumer, Reason.FULL, lane(taken, false));
        }
        if (priorityPaused) {
            pauses.pause(consumer, Reason.FULL, lane(taken, true));
        }
        takenOver = Set.of();
    }

    private Set<TopicPartition> lane(Collection<TopicPartition> partitions, boolean priorityLane) {
        Set<TopicPartition> out = new HashSet<>();
        for (TopicPartition tp : partitions) {
            if (priority.test(tp) == priorityLane) {
                out.add(tp);
            }
        }
        return out;
    }

    boolean paused() {
        return bulkPaused || priorityPaused;
    }

    /** The partitions held back for taken-over ones, for tests and logs. */
    Set<TopicPartition> held() {
        return pauses.pausedFor(Reason.TAKEOVER);
    }
}
