package io.breedline.bench.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code ./breedline bench fleet} runs.
 *
 * @param workers the fleet sizes to measure, in order; the first is the baseline for speed-ups (normally 1)
 * @param batchTime how long the stand-in model takes per batch
 * @param batchSize images per batch ({@code BREEDLINE_MAX_BATCH_SIZE})
 * @param partitions partitions of the images and predictions topics
 * @param steady how long throughput is measured once every worker has joined
 * @param settle how long after a join or leave the stream is watched for stalls
 * @param commandLine the command as typed, for the report
 */
record FleetOptions(List<Integer> workers, Duration batchTime, int batchSize, int partitions, Duration steady,
        Duration settle, String commandLine) {
    static final Duration BATCH_TIME_DEFAULT = Duration.ofSeconds(1);
    static final int PARTITIONS_DEFAULT = 24;
    static final Duration STEADY_DEFAULT = Duration.ofSeconds(20);
    static final Duration SETTLE_DEFAULT = Duration.ofSeconds(15);

    FleetOptions {
        workers = List.copyOf(workers);
        if (workers.isEmpty() || workers.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--workers must list fleet sizes of at least 1, got " + workers);
        }
        // One more worker joins each fleet to measure a rebalance: it must still get a partition.
        int largest = workers.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (partitions < largest + 1) {
            throw new IllegalArgumentException("--partitions " + partitions + " must exceed the largest fleet ("
                    + largest + "), so the worker that joins gets partitions too");
        }
        if (batchTime.isNegative() || batchTime.isZero()) {
            throw new IllegalArgumentException("--batch-time must be positive, got " + batchTime);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (steady.compareTo(batchTime.multipliedBy(5)) < 0 || settle.compareTo(batchTime.multipliedBy(5)) < 0) {
            throw new IllegalArgumentException("--steady and --settle must be at least 5 batch times");
        }
        Objects.requireNonNull(commandLine, "commandLine");
    }

    /** Images per second one stand-in worker could do if nothing but the model took time. */
    double modelBoundRate() {
        return batchSize * 1000.0 / batchTime.toMillis();
    }
}
