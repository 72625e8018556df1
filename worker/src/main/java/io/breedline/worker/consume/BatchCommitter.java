package io.breedline.worker.consume;

import io.breedline.clients.ops.LogContext;
import io.breedline.contracts.DeadLetter;
import io.breedline.worker.WorkerStats;
import io.breedline.worker.dedup.Dedup;
import io.breedline.worker.publish.BatchResult;
import io.breedline.worker.publish.PublishFailedException;
import io.breedline.worker.publish.TransactionalPublisher;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one finished batch (predictions, dead letters, notices, marks and offsets in one transaction) and says
 * whether it was committed, keeping the de-duplication index in step with what is visible. Poll thread only.
 */
final class BatchCommitter {
    private static final Logger log = LoggerFactory.getLogger(BatchCommitter.class);

    /** What became of a batch. */
    enum Outcome {
        /** Visible to {@code read_committed} readers, its input offsets committed with it. */
        COMMITTED,
        /** Nothing of it is visible: its records must be read again from the committed offsets. */
        NOT_PUBLISHED
    }

    private final TransactionalPublisher publisher;
    private final Dedup dedup;
    private final WorkerStats stats;
    private final LongSupplier nanoClock;

    BatchCommitter(TransactionalPublisher publisher, Dedup dedup, WorkerStats stats, LongSupplier nanoClock) {
        this.publisher = publisher;
        this.dedup = dedup;
        this.stats = stats;
        this.nanoClock = nanoClock;
    }

    Outcome publish(Batch batch, BatchResult computed, ConsumerGroupMetadata group) {
        BatchResult result = computed.withMarks(dedup.marks(computed.predictions(), partitionsOf(batch)));
        try {
            long start = nanoClock.getAsLong();
            publisher.publish(result, group);
            dedup.committed();
            release(batch);
            stats.committed(result, Duration.ofNanos(nanoClock.getAsLong() - start));
            logDeadLetters(result);
            return Outcome.COMMITTED;
        } catch (PublishFailedException e) {
            dedup.aborted();
            stats.transactionFailed();
            log.warn("A batch of {} was not published ({}); re-reading from the committed offsets", result.size(), e.getMessage());
            return Outcome.NOT_PUBLISHED;
        }
    }

    // One line per image given up on, with its job and image id in the MDC (fields of the JSON log format).
    private static void logDeadLetters(BatchResult result) {
        for (DeadLetter d : result.deadLetters()) {
            try (LogContext c = LogContext.image(d.jobId(), d.imageId())) {
                log.warn("Dead-lettered ({}, {}): {}", d.stage(), d.retriable() ? "retriable" : "not retriable", d.reason());
            }
        }
    }

    // The images partition each prediction's reference came from: its mark goes to the same labeled partition.
    private static Map<String, Integer> partitionsOf(Batch batch) {
        Map<String, Integer> partitions = new HashMap<>();
        for (PolledItem item : batch.items()) {
            if (item.ref() != null) {
                partitions.put(item.ref().imageId(), item.partition().partition());
            }
        }
        return partitions;
    }

    private void release(Batch batch) {
        for (PolledItem item : batch.items()) {
            if (item.ref() != null) {
                dedup.release(item.partition().partition(), item.offset(), item.ref().imageId());
            }
        }
    }
}
