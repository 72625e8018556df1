package io.breedline.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a running job is.
 *
 * @param sent references handed to the producer so far
 * @param published references the broker has acknowledged
 */
public record IngestProgress(String jobId, long sent, long published, long skipped, long failed, Duration elapsed) {
    public IngestProgress {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public double ratePerSecond() {
        return rate(published, elapsed);
    }

    static double rate(long count, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : count / seconds;
    }
}
