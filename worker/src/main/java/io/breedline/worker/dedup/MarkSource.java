package io.breedline.worker.dedup;

import io.breedline.contracts.LabelMark;
import java.util.function.BiConsumer;

/** Reads one partition of the labeled topic from its start to its current end. */
public interface MarkSource extends AutoCloseable {
    /**
     * Makes sure the labeled topic matches the images topic (see {@link LabeledTopic}); does nothing while the images
     * topic does not exist yet.
     */
    void check();

    /**
     * Calls {@code sink} with every record of {@code partition} in offset order: the image id (the key) and its mark,
     * or null for a tombstone or an unreadable value.
     */
    void readToEnd(int partition, BiConsumer<String, LabelMark> sink);

    @Override
    void close();
}
