package io.breedline.worker.consume;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Records polled but not yet in a batch, in poll order. Batches are always taken from the head, so each batch is a
 * contiguous run of every partition's records and committing "last offset + 1" per partition never skips one.
 */
final class InFlight {
    private final ArrayDeque<PolledItem> items = new ArrayDeque<>();

    void add(PolledItem item) {
        items.addLast(item);
    }

    int size() {
        return items.size();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** How many items from the head are done, up to {@code max}. */
    int readyPrefix(int max) {
        int n = 0;
        for (PolledItem item : items) {
            if (n == max || !item.isDone()) {
                break;
            }
            n++;
        }
        return n;
    }

    /** When the head was polled; only meaningful when not empty. */
    long oldestPolledNanos() {
        PolledItem head = items.peekFirst();
        return head == null ? Long.MAX_VALUE : head.polledNanos();
    }

    List<PolledItem> take(int n) {
        List<PolledItem> taken = new ArrayList<>(n);
        for (int i = 0; i < n && !items.isEmpty(); i++) {
            taken.add(items.pollFirst());
        }
        return taken;
    }

    /** Forgets the items of partitions this worker no longer owns; their next owner reads them again. */
    int drop(Collection<TopicPartition> partitions) {
        int before = items.size();
        for (Iterator<PolledItem> it = items.iterator(); it.hasNext(); ) {
            if (partitions.contains(it.next().partition())) {
                it.remove();
            }
        }
        return before - items.size();
    }

    void clear() {
        items.clear();
    }
}
