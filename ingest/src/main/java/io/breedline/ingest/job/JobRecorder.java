package io.breedline.ingest.job;

import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one run's counts into job records: one at the start, one every {@code interval} while it publishes, one at the
 * end. Not thread-safe: the ingest thread calls it.
 */
public final class JobRecorder {
    /** How often a running job's count is published; status readers see counts at most this stale. */
    public static final Duration INTERVAL_DEFAULT = Duration.ofSeconds(2);

    private final JobLog log;
    private final Duration interval;
    private JobRecord last;
    private Instant nextUpdate;

    public JobRecorder(JobLog log, Duration interval) {
        this.log = Objects.requireNonNull(log, "log");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("job record interval must be positive: " + interval);
        }
    }

    public void started(String jobId, String source, Instant at) {
        last = JobRecord.started(jobId, source, at);
        nextUpdate = at.plus(interval);
        log.record(last);
    }

    /** Records the running counts when the interval has passed since the previous record. */
    public void progressed(long published, long skipped, Instant now) {
        progressed(published, skipped == 0 ? Map.of() : Map.of("not images", skipped), now);
    }

    /** Records the running counts, the skipped objects by reason, when the interval has passed. */
    public void progressed(long published, Map<String, Long> skippedBy, Instant now) {
        requireStarted();
        if (now.isBefore(nextUpdate)) {
            return;
        }
        last = last.next(JobState.PUBLISHING, published, skippedBy, now);
        nextUpdate = now.plus(interval);
        log.record(last);
    }

    /** The final record: {@link JobState#COMPLETE} or {@link JobState#FAILED}, with the final counts. */
    public void finished(boolean failed, long published, long skipped, Instant at) {
        finished(failed, published, skipped == 0 ? Map.of() : Map.of("not images", skipped), at);
    }

    /** The final record, with the skipped objects by reason. */
    public void finished(boolean failed, long published, Map<String, Long> skippedBy, Instant at) {
        requireStarted();
        last = last.next(failed ? JobState.FAILED : JobState.COMPLETE, published, skippedBy, at);
        log.record(last);
    }

    /** The latest record sent, null before {@link #started}. */
    public JobRecord last() {
        return last;
    }

    private void requireStarted() {
        if (last == null) {
            throw new IllegalStateException("job not started");
        }
    }
}
