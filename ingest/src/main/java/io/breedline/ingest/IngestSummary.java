package io.breedline.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one ingest run did.
 *
 * @param published references the broker acknowledged
 * @param skipped objects listed that are not images (neither by extension nor by their first bytes)
 * @param failed references whose send failed; a run with any is reported as failed
 * @param skippedBy {@code skipped} by reason: {@code ".txt"}, {@code "no extension"}
 */
public record IngestSummary(String jobId, long published, long skipped, long failed, Duration elapsed,
        Map<String, Long> skippedBy) {
    public IngestSummary {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(elapsed, "elapsed");
        skippedBy = Map.copyOf(skippedBy);
    }

    /** Published references per second of elapsed time. */
    public double ratePerSecond() {
        return IngestProgress.rate(published, elapsed);
    }
}
