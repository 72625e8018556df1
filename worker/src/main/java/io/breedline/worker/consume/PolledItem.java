package io.breedline.worker.consume;

import io.breedline.contracts.ImageRef;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * One record taken from the images topic, from poll until its batch is published.
 *
 * @param ref the image reference, or null when the record could not be read (its outcome is then a PARSE failure)
 * @param polledNanos when it was polled, for the batch delay
 * @param prepared completes (never exceptionally) when the image is ready for the model or has failed
 */
record PolledItem(TopicPartition partition, long offset, ImageRef ref, long polledNanos, CompletableFuture<Prepared> prepared) {

    boolean isDone() {
        return prepared.isDone();
    }

    /** The outcome; only call once {@link #isDone()}. */
    Prepared outcome() {
        return prepared.join();
    }
}
