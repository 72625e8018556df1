package io.breedline.worker.consume;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Records polled but not yet in a batch, in poll order, except that records of partitions just taken over from a dead
 * or departed worker go ahead of the others until the first batch holding some of them is taken: those partitions
 * have waited a whole session already. Batches are always taken from the head (those ahead, then the rest), and a
 * partition's records are either all ahead (taken over) or all behind (owned before) until that first batch, after
 * which its new ones queue behind what is still ahead. So each batch is a contiguous run of every partition's records
 * and committing "last offset + 1" per partition never skips one.
 */
final class InFlight {
    private final ArrayDeque<PolledItem> ahead = new ArrayDeque<>();
    private final ArrayDeque<PolledItem> items = new ArrayDeque<>();
    private Set<TopicPartition> first = Set.of();

    /** Records of these partitions (just taken over) go ahead of those queued, until a batch holding some is taken. */
    void putFirst(Collection<TopicPartition> partitions) {
        first = Set.copyOf(partitions);
    }

    void add(PolledItem item) {
        (first.contains(item.partition()) ? ahead : items).addLast(item);
    }

    int size() {
        return ahead.size() + items.size();
    }

    boolean isEmpty() {
        return ahead.isEmpty() && items.isEmpty();
    }

    /** How many items from the head are done, up to {@code max}. */
    int readyPrefix(int max) {
        int n = 0;
        for (Iterator<PolledItem> it = inOrder(); it.hasNext(); ) {
            if (n == max || !it.next().isDone()) {
                break;
            }
            n++;
        }
        return n;
    }

    /** When the oldest item was polled; only meaningful when not empty. */
    long oldestPolledNanos() {
        PolledItem a = ahead.peekFirst();
        PolledItem b = items.peekFirst();
        return Math.min(a == null ? Long.MAX_VALUE : a.polledNanos(), b == null ? Long.MAX_VALUE : b.polledNanos());
    }

    List<PolledItem> take(int n) {
        List<PolledItem> taken = new ArrayList<>(n);
        while (taken.size() < n && !ahead.isEmpty()) {
            taken.add(ahead.pollFirst());
        }
        if (!taken.isEmpty()) {
            first = Set.of(); // served: their later records queue as any others (behind what is still ahead)
        }
        while (taken.size() < n && !items.isEmpty()) {
            taken.add(items.pollFirst());
        }
        return taken;
    }

    /** Forgets the items of partitions this worker no longer owns; their next owner reads them again. */
    int drop(Collection<TopicPartition> partitions) {
        int before = size();
        ahead.removeIf(item -> partitions.contains(item.partition()));
        items.removeIf(item -> partitions.contains(item.partition()));
        return before - size();
    }

    void clear() {
        ahead.clear();
        items.clear();
        first = Set.of();
    }

    private Iterator<PolledItem> inOrder() {
        Iterator<PolledItem> a = ahead.iterator();
        Iterator<PolledItem> b = items.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return a.hasNext() || b.hasNext();
            }

            @Override
            public PolledItem next() {
                return a.hasNext() ? a.next() : b.next();
            }
        };
    }
}
