package io.breedline.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * What one ingest run did.
 *
 * @param published references the broker acknowledged
 * @param skipped objects listed that are not images (by extension)
 * @param failed references whose send failed; a run with any is reported as failed
 */
public record IngestSummary(String jobId, long published, long skipped, long failed, Duration elapsed) {
    public IngestSummary {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Published references per second of elapsed time. */
    public double ratePerSecond() {
        return IngestProgress.rate(published, elapsed);
    }
}
