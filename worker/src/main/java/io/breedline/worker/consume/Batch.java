package io.breedline.worker.consume;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Items taken together from the head of {@link InFlight}: one model call, one transaction. */
record Batch(List<PolledItem> items) {
    Batch {
        items = List.copyOf(items);
    }

    int size() {
        return items.size();
    }

    /** How many items go to the model (the others already failed). */
    int readyCount() {
        return (int) items.stream().filter(i -> i.outcome() instanceof Prepared.Ready).count();
    }

    /** How many items come from partitions {@code which} accepts. */
    int count(java.util.function.Predicate<TopicPartition> which) {
        return (int) items.stream().filter(i -> which.test(i.partition())).count();
    }

    boolean touches(Collection<TopicPartition> partitions) {
        return items.stream().anyMatch(i -> partitions.contains(i.partition()));
    }

    /** The offsets to commit with this batch: per partition, one past its last record here. */
    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (PolledItem item : items) {
            next.merge(item.partition(), new OffsetAndMetadata(item.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return next;
    }
}
