package io.breedline.bench;

import java.util.Locale;

/**
 * One round of {@code bench latency --backfill}.
 *
 * @param imagesPerSecond the backfill's throughput, from its first row to its last
 * @param rows the backfill's rows in the sink's database
 * @param uploads upload-to-row latencies of the uploads made during the backfill (none in an {@code ALONE} round)
 * @param failedUploads uploads that failed before their reference was published (counted, not measured)
 */
record BackfillResult(BackfillRound.Mode mode, int backfill, double imagesPerSecond, long rows, PredictionCount published,
        LatencySummary uploads, int failedUploads) {

    /** Every backfill image has one row and exactly one published prediction, and nothing was dead-lettered. */
    boolean labeledOnce() {
        return rows == backfill && published.predictions() == backfill && published.distinctImages() == backfill
                && published.deadLetters() == 0;
    }

    static String header() {
        return String.format(Locale.ROOT, "%-9s %7s %8s %8s %8s %8s %14s %7s %11s %10s %5s %12s", "round", "uploads",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "backfill img/s", "rows", "predictions", "duplicates", "dead",
                "labeled once");
    }

    String row() {
        int n = uploads.sortedMillis().length;
        return String.format(Locale.ROOT, "%-9s %7d %8s %8s %8s %8s %14.1f %7d %11d %10d %5d %12s",
                mode.name().toLowerCase(Locale.ROOT).replace('_', ' '), n, ms(n, uploads.percentile(50)),
                ms(n, uploads.percentile(95)), ms(n, uploads.percentile(99)), ms(n, uploads.max()), imagesPerSecond, rows,
                published.predictions(), published.duplicates(), published.deadLetters(), labeledOnce() ? "yes" : "NO")
                + (failedUploads > 0 ? "  (" + failedUploads + " uploads failed)" : "");
    }

    private static String ms(int n, long value) {
        return n == 0 ? "-" : Long.toString(value);
    }
}
