package io.breedline.worker.consume;

import io.breedline.worker.consume.Pauses.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The two lanes of records polled but not yet in a batch, and the rule between them: the priority lane (uploads) is
 * served first. Each lane is its own {@link InFlight} queue in poll order, and a batch is taken from the head of one of
 * them, so each partition's records still go in order and committing "last offset + 1" per partition never skips one.
 * While uploads are queued, the next batch is theirs alone, closed as soon as the uploads polled are prepared (or a
 * batch is full), not topped up with backfill: a bigger batch would keep the upload longer in the model. Until they are
 * prepared the model waits for them, at most the batch delay, rather than start a batch of backfill. While the
 * priority lane has records (queued here, or fetched by the consumer's last fetch ahead of its position) the bulk
 * partitions are paused, so no backfill is fetched and prepared ahead of the uploads; once it has none they fetch
 * again at once, and the backfill already queued goes on between the uploads' batches.
 *
 * <p>A priority partition just assigned counts as having records until the consumer has fetched it once (at most
 * {@link #FIRST_FETCH_HOLD}): otherwise the bulk partitions assigned with it would be fetched first, and a backfill's
 * reference admitted ahead of an upload of the same object queued meanwhile (de-duplication judges references in the
 * order they are admitted; docs/design/deduplication-and-ordering.md).
 *
 * <p>So an upload waits for at most the batches already in the model (one per model stream), its own small batch and
 * the batch delay, plus its own fetch and decode (behind at most the bulk images already being prepared, which the
 * in-flight limit bounds).
 * Poll thread only.
 */
final class Lanes {
    static final Duration FIRST_FETCH_HOLD = Duration.ofSeconds(3);

    private final String priorityTopic;
    private final Pauses pauses;
    private final LongSupplier nanoClock;
    private long firstFetchUntil;
    private final InFlight priority = new InFlight();
    private final InFlight bulk = new InFlight();
    private boolean holding;

    Lanes(String priorityTopic, Pauses pauses, LongSupplier nanoClock) {
        this.priorityTopic = priorityTopic;
        this.pauses = pauses;
        this.nanoClock = nanoClock;
        this.firstFetchUntil = nanoClock.getAsLong();
    }

    /** Inside the rebalance, before anything of the new partitions is fetched: bulk waits for the priority lane. */
    void onAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.stream().anyMatch(this::isPriority)) {
            firstFetchUntil = nanoClock.getAsLong() + FIRST_FETCH_HOLD.toNanos();
        }
        update(consumer);
    }

    boolean isPriority(TopicPartition partition) {
        return partition.topic().equals(priorityTopic);
    }

    /** The partitions of a poll, the priority lane's first. */
    List<TopicPartition> priorityFirst(Collection<TopicPartition> partitions) {
        List<TopicPartition> out = new ArrayList<>(partitions);
        out.sort((a, b) -> Boolean.compare(!isPriority(a), !isPriority(b)));
        return out;
    }

    /** Records of these partitions (just taken over) go ahead of those queued in their lane, until served. */
    void putFirst(Collection<TopicPartition> partitions) {
        priority.putFirst(partitions.stream().filter(this::isPriority).toList());
        bulk.putFirst(partitions.stream().filter(tp -> !isPriority(tp)).toList());
    }

    void add(PolledItem item) {
        (isPriority(item.partition()) ? priority : bulk).add(item);
    }

    /**
     * The next batch, empty while none is ready: the uploads queued, once prepared (or a full batch of them, or what is
     * prepared of them when the first has waited the batch delay); otherwise backfill as {@link BatchWindow} closes it
     * (full, or its oldest record has waited the delay).
     *
     * @param flush take whatever is ready without waiting (shutting down)
     */
    List<PolledItem> nextBatch(BatchWindow window, boolean flush) {
        int max = window.maxBatchSize();
        if (!priority.isEmpty()) {
            int ready = priority.readyPrefix(max);
            boolean waited = flush || window.waitedOut(priority.oldestPolledNanos());
            if (ready > 0 && (ready == Math.min(max, priority.size()) || waited)) {
                return priority.take(ready);
            }
            if (!waited) {
                return List.of(); // the model waits for the uploads being prepared, at most the batch delay
            }
        }
        int n = window.closeSize(bulk.readyPrefix(max), bulk.oldestPolledNanos(), flush);
        return n == 0 ? List.of() : bulk.take(n);
    }

    /**
     * Holds the bulk partitions back while the priority lane has records, and lets them go at once when it has none.
     *
     * @return whether the bulk partitions are held
     */
    boolean update(Consumer<?, ?> consumer) {
        boolean waiting = unfetched(consumer) || !priority.isEmpty() || priorityLag(consumer);
        if (waiting) {
            Set<TopicPartition> hold = new HashSet<>();
            for (TopicPartition tp : consumer.assignment()) {
                if (!isPriority(tp)) {
                    hold.add(tp);
                }
            }
            hold.removeAll(pauses.pausedFor(Reason.LANE));
            pauses.pause(consumer, Reason.LANE, hold);
        } else if (holding) {
            pauses.resumeAll(consumer, Reason.LANE);
        }
        holding = waiting;
        return waiting;
    }

    // The consumer knows each fetched partition's end from its last fetch.
    private boolean priorityLag(Consumer<?, ?> consumer) {
        for (TopicPartition tp : consumer.assignment()) {
            if (isPriority(tp)) {
                OptionalLong lag = consumer.currentLag(tp);
                if (lag.isPresent() && lag.getAsLong() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    // A priority partition assigned a moment ago and not fetched yet.
    private boolean unfetched(Consumer<?, ?> consumer) {
        if (nanoClock.getAsLong() - firstFetchUntil >= 0) {
            return false;
        }
        for (TopicPartition tp : consumer.assignment()) {
            if (isPriority(tp) && consumer.currentLag(tp).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the bulk partitions are held back for the priority lane. */
    boolean holding() {
        return holding;
    }

    int size() {
        return priority.size() + bulk.size();
    }

    int priorityQueued() {
        return priority.size();
    }

    boolean isEmpty() {
        return priority.isEmpty() && bulk.isEmpty();
    }

    /** Forgets the records of partitions this worker no longer owns; their next owner reads them again. */
    int drop(Collection<TopicPartition> partitions) {
        return priority.drop(partitions) + bulk.drop(partitions);
    }

    void clear() {
        priority.clear();
        bulk.clear();
    }
}
