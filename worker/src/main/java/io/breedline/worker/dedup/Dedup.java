package io.breedline.worker.dedup;

import io.breedline.contracts.ImageRef;
import io.breedline.contracts.LabelMark;
import io.breedline.contracts.Prediction;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the poll loop asks of de-duplication: whether to skip a reference, and which labeled-topic marks a batch's
 * predictions write. {@link MarkDedup} is the worker's; {@link #none()} skips nothing and writes no marks (a loop
 * under test, a tool without a labeled topic). Poll thread only; partition numbers are the images topic's.
 */
public interface Dedup extends AutoCloseable {

    /** A mark to publish on the labeled partition numbered {@code partition}. */
    record Mark(int partition, LabelMark mark) {}

    /** Fails at start-up, rather than at the first assignment, when the labeled topic cannot match the images topic. */
    void check();

    /** Reads what is labeled in newly owned partitions; until then nothing of them is skipped. */
    void load(Collection<Integer> partitions);

    /** Forgets partitions this worker no longer owns. */
    void forget(Collection<Integer> partitions);

    /** Forgets every reference in flight (they will be read again). */
    void clearInFlight();

    /** Whether to skip this reference; if not, it counts as in flight until {@link #release}. */
    boolean isDuplicate(int partition, long offset, ImageRef ref);

    /** The reference at {@code offset} is published: the next reference to its image is judged alone. */
    void release(int partition, long offset, String imageId);

    /**
     * The marks a batch's predictions write, staged until {@link #committed()} or {@link #aborted()}.
     *
     * @param partitionOf the images partition each prediction's reference came from, by image id
     */
    List<Mark> marks(List<Prediction> predictions, Map<String, Integer> partitionOf);

    /** The marks from {@link #marks} are committed. */
    void committed();

    /** The marks from {@link #marks} were not published. */
    void aborted();

    @Override
    void close();

    /** Skips nothing and records nothing. */
    static Dedup none() {
        return None.INSTANCE;
    }

    /** The do-nothing de-duplication. */
    enum None implements Dedup {
        INSTANCE;

        @Override
        public void check() {}

        @Override
        public void load(Collection<Integer> partitions) {}

        @Override
        public void forget(Collection<Integer> partitions) {}

        @Override
        public void clearInFlight() {}

        @Override
        public boolean isDuplicate(int partition, long offset, ImageRef ref) {
            return false;
        }

        @Override
        public void release(int partition, long offset, String imageId) {}

        @Override
        public List<Mark> marks(List<Prediction> predictions, Map<String, Integer> partitionOf) {
            return List.of();
        }

        @Override
        public void committed() {}

        @Override
        public void aborted() {}

        @Override
        public void close() {}
    }
}
