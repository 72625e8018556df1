package io.breedline.worker;

import io.breedline.worker.ops.WorkerMetrics;
import io.breedline.worker.publish.BatchResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Running counts of what a worker did, for logs, the local runner's progress and tests. Thread-safe. */
public final class WorkerStats {
    private final AtomicLong polled = new AtomicLong();
    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong failedTransactions = new AtomicLong();
    private final AtomicLong assignments = new AtomicLong();
    private final AtomicLong revocations = new AtomicLong();
    private final AtomicLong losses = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final WorkerMetrics metrics;

    public WorkerStats() {
        this(WorkerMetrics.none());
    }

    /** Counts that also go to {@code metrics}, for the Prometheus endpoint. */
    public WorkerStats(WorkerMetrics metrics) {
        this.metrics = metrics;
    }

    /** A record was taken from one of the images topics. */
    public void polled() {
        polled.incrementAndGet();
        metrics.polled();
    }

    /** Records taken from the images topics so far (both lanes). */
    public long polledRecords() {
        return polled.get();
    }

    /** A batch's transaction committed after {@code publishTime}. */
    public void committed(BatchResult result, Duration publishTime) {
        committed(result.predictions().size(), result.deadLetters().size());
        metrics.committed(result, publishTime);
    }

    public void committed(int predictionCount, int deadLetterCount) {
        predictions.addAndGet(predictionCount);
        deadLetters.addAndGet(deadLetterCount);
        transactions.incrementAndGet();
    }

    public void transactionFailed() {
        failedTransactions.incrementAndGet();
        metrics.transactionFailed();
    }

    public void partitionsAssigned() {
        assignments.incrementAndGet();
    }

    public void partitionsRevoked() {
        revocations.incrementAndGet();
    }

    public void partitionsLost() {
        losses.incrementAndGet();
    }

    /** A reference was skipped: its image is already labeled (or being labeled) for that content and model version. */
    public void duplicateSkipped() {
        duplicatesSkipped.incrementAndGet();
    }

    public void paused() {
        pauses.incrementAndGet();
    }

    /** Predictions in committed transactions. */
    public long predictions() {
        return predictions.get();
    }

    /** Dead letters in committed transactions. */
    public long deadLetters() {
        return deadLetters.get();
    }

    public long transactions() {
        return transactions.get();
    }

    public long failedTransactions() {
        return failedTransactions.get();
    }

    /** Rebalance callbacks that gave this worker partitions (the first join counts). */
    public long assignments() {
        return assignments.get();
    }

    /** Rebalance callbacks that took partitions away in an orderly way. */
    public long revocations() {
        return revocations.get();
    }

    /** Rebalance callbacks reporting partitions lost (the group moved on without this worker). */
    public long losses() {
        return losses.get();
    }

    /** Times the poll loop paused its partitions because too much was in flight. */
    public long pauses() {
        return pauses.get();
    }

    /** References skipped as duplicates (committed with their batch, with an already-labeled notice each). */
    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    @Override
    public String toString() {
        return "predictions=" + predictions + " deadLetters=" + deadLetters + " transactions=" + transactions
                + " failedTransactions=" + failedTransactions + " assignments=" + assignments + " revocations="
                + revocations + " losses=" + losses + " pauses=" + pauses + " duplicatesSkipped=" + duplicatesSkipped;
    }
}
