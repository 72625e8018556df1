package io.breedline.worker.consume;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moving every owned partition back to its committed offset, after the loop gave up what it had in flight (a batch
 * not published, partitions lost): nothing is lost, and since nothing uncommitted was visible, nothing is published
 * twice.
 *
 * <p>A rewind is requested (also from inside a rebalance callback, which then only records it) and carried out by the
 * poll thread after {@code poll} returns, on the partitions it owns by then. Reading committed offsets needs the
 * broker: while it is unreachable the rewind stays pending, and the loop keeps polling (staying in the group) but drops
 * what it polls, since those records lie after the uncommitted ones and taking them would commit past images that were
 * never published.
 */
final class Rewind {
    private static final Logger log = LoggerFactory.getLogger(Rewind.class);
    // Short, so the loop goes back to polling (and stays in its group) while the broker is unreachable.
    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(5);

    private boolean pending;

    void request() {
        pending = true;
    }

    boolean pending() {
        return pending;
    }

    /** Seeks every owned partition to its committed offset; stays pending if Kafka cannot say what that is yet. */
    void tryComplete(Consumer<?, ?> consumer) {
        Set<TopicPartition> owned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = owned.isEmpty() ? Map.of() : consumer.committed(owned, COMMITTED_TIMEOUT);
        } catch (TimeoutException e) {
            log.warn("Cannot read the committed offsets yet ({}); taking no new records until Kafka answers", e.getMessage());
            return;
        }
        for (TopicPartition tp : owned) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset != null) {
                consumer.seek(tp, offset);
            } else {
                consumer.seekToBeginning(List.of(tp)); // nothing committed yet: auto.offset.reset=earliest
            }
        }
        pending = false;
    }
}
