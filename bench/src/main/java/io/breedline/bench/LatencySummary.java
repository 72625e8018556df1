package io.breedline.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Upload-to-row latencies of one batch delay, summarised.
 *
 * @param meanBatch the mean model batch the measured images were in (the sink's batch_size column)
 */
record LatencySummary(Duration batchDelay, long[] sortedMillis, double meanBatch) {

    static LatencySummary of(Duration batchDelay, List<Long> nanos, double meanBatch) {
        long[] ms = nanos.stream().mapToLong(n -> Math.round(n / 1e6)).sorted().toArray();
        return new LatencySummary(batchDelay, ms, meanBatch);
    }

    /** Nearest-rank percentile. */
    long percentile(double p) {
        return nearestRank(sortedMillis, p);
    }

    /** The nearest-rank percentile {@code p} of sorted values; 0 when there are none. */
    static long nearestRank(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double mean() {
        return Arrays.stream(sortedMillis).average().orElse(0);
    }

    long max() {
        return sortedMillis.length == 0 ? 0 : sortedMillis[sortedMillis.length - 1];
    }

    static String header() {
        return String.format(Locale.ROOT, "%-12s %8s %8s %8s %8s %8s %11s", "batch delay", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "mean ms", "mean batch");
    }

    String row() {
        return String.format(Locale.ROOT, "%-12s %8d %8d %8d %8d %8.0f %11.2f", UploadLatency.format(batchDelay),
                percentile(50), percentile(95), percentile(99), max(), mean(), meanBatch);
    }
}
