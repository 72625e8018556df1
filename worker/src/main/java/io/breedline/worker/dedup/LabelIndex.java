package io.breedline.worker.dedup;

import io.breedline.contracts.Sequencer;
import java.util.Arrays;

/**
 * What the result rows of one partition's images hold, for this worker's model version: image fingerprint to
 * (content fingerprint, sequencer). An open-addressing table of primitive arrays, 33 bytes a slot and at most 3/4
 * full, so 44 to 88 bytes an image (about 66 MB per million images, for the partitions a worker owns); a
 * {@code HashMap} of objects would take three times that.
 *
 * <p>Hand-written because no maintained library fits this one case without bringing much more than it: primitive-
 * keyed maps (fastutil, Eclipse Collections, HPPC) map a long to one value, while a slot here holds three longs and a
 * flag, and a map to {@code Sequencer} objects would store a reference and an object header per image, which is what
 * this table exists to avoid. It is small (put, find, backward-shift remove) and {@code LabelIndexTest} checks its
 * chains after every operation.
 *
 * <p>An image it does not hold is as good as one holding (no content, no sequencer): both are never skipped and
 * replaced by any result. Not thread-safe: the poll thread owns it.
 */
final class LabelIndex {
    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private long[] contents;
    private long[] seqHigh;
    private long[] seqLow;
    private boolean[] seqKnown;
    private int size;

    LabelIndex() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** The content fingerprint held for the image, or 0. */
    long content(long image) {
        int slot = find(key(image));
        return slot < 0 ? 0 : contents[slot];
    }

    /** The sequencer held for the image, {@link Sequencer#NONE} for none. */
    Sequencer sequencer(long image) {
        int slot = find(key(image));
        return slot < 0 || !seqKnown[slot] ? Sequencer.NONE : Sequencer.of(seqHigh[slot], seqLow[slot]);
    }

    void put(long image, long content, Sequencer sequencer) {
        if (content == 0 && !sequencer.known()) {
            remove(image);
            return;
        }
        long k = key(image);
        int slot = find(k);
        if (slot < 0) {
            if ((size + 1) * 4L > keys.length * 3L) {
                rehash(keys.length * 2);
            }
            slot = insertionSlot(k);
            keys[slot] = k;
            size++;
        }
        contents[slot] = content;
        seqHigh[slot] = sequencer.high();
        seqLow[slot] = sequencer.low();
        seqKnown[slot] = sequencer.known();
    }

    void remove(long image) {
        int slot = find(key(image));
        if (slot < 0) {
            return;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int mask = keys.length - 1;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (keys[next] != 0) {
            int home = home(keys[next]);
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                keys[hole] = keys[next];
                contents[hole] = contents[next];
                seqHigh[hole] = seqHigh[next];
                seqLow[hole] = seqLow[next];
                seqKnown[hole] = seqKnown[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = 0;
        contents[hole] = 0;
        seqHigh[hole] = 0;
        seqLow[hole] = 0;
        seqKnown[hole] = false;
        size--;
    }

    // 0 marks an empty slot.
    private static long key(long image) {
        return image == 0 ? 1 : image;
    }

    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & (keys.length - 1);
    }

    private int find(long key) {
        int mask = keys.length - 1;
        for (int i = home(key); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return i;
            }
            if (keys[i] == 0) {
                return -1;
            }
        }
    }

    private int insertionSlot(long key) {
        int mask = keys.length - 1;
        int i = home(key);
        while (keys[i] != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        contents = new long[capacity];
        seqHigh = new long[capacity];
        seqLow = new long[capacity];
        seqKnown = new boolean[capacity];
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        long[] oldContents = contents;
        long[] oldHigh = seqHigh;
        long[] oldLow = seqLow;
        boolean[] oldKnown = seqKnown;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = insertionSlot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                contents[slot] = oldContents[i];
                seqHigh[slot] = oldHigh[i];
                seqLow[slot] = oldLow[i];
                seqKnown[slot] = oldKnown[i];
            }
        }
    }

    @Override
    public String toString() {
        return "LabelIndex[" + size + " images, " + keys.length + " slots]";
    }

    // For tests: the table is never left with a broken chain.
    boolean consistent() {
        int n = 0;
        for (long k : keys) {
            if (k != 0) {
                n++;
                if (find(k) < 0) {
                    return false;
                }
            }
        }
        return n == size && Arrays.stream(keys).filter(k -> k != 0).count() == size;
    }
}
