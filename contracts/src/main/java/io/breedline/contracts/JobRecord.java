package io.breedline.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one ingest run has submitted so far: published on the jobs topic ({@link JobTopic}), keyed by job id. The topic
 * is compacted, so the latest record of each job is its state; the results database says how many are done.
 *
 * @param schemaVersion {@link Schema#VERSION} of the writer
 * @param jobId the ingest run
 * @param source what it lists: a folder or {@code s3://bucket/prefix}
 * @param state where the job is
 * @param published references acknowledged by Kafka so far; final once the state is finished
 * @param skipped objects listed that are not images
 * @param startedAt when the run started
 * @param updatedAt when this record was written
 * @param finishedAt when the run ended, null while it runs
 * @param skippedBy {@code skipped} by reason: the extension of files that are not images ({@code ".txt"}), or
 *     {@code "no extension"}; empty in records of older writers
 */
public record JobRecord(
        int schemaVersion,
        String jobId,
        String source,
        JobState state,
        long published,
        long skipped,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        Map<String, Long> skippedBy) {

    public JobRecord {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (published < 0 || skipped < 0) {
            throw new IllegalArgumentException("counts must not be negative: published=" + published + ", skipped=" + skipped);
        }
        skippedBy = SkippedFiles.copy(skippedBy);
        if (state.finished() && finishedAt == null) {
            throw new IllegalArgumentException("a " + state + " job needs finishedAt");
        }
    }

    public static JobRecord started(String jobId, String source, Instant at) {
        return new JobRecord(Schema.VERSION, jobId, source, JobState.STARTED, 0, 0, at, at, null, Map.of());
    }

    /**
     * The same job with new counts, running or finished (in which case {@code at} is its end); the skipped files
     * without their reasons (a trigger job skips none).
     */
    public JobRecord next(JobState newState, long newPublished, long newSkipped, Instant at) {
        return next(newState, newPublished, newSkipped == 0 ? Map.of() : Map.of("not images", newSkipped), at);
    }

    /** The same job with new counts, the skipped files by reason. */
    public JobRecord next(JobState newState, long newPublished, Map<String, Long> newSkippedBy, Instant at) {
        long skippedTotal = newSkippedBy.values().stream().mapToLong(Long::longValue).sum();
        return new JobRecord(Schema.VERSION, jobId, source, newState, newPublished, skippedTotal, startedAt, at,
                newState.finished() ? at : null, newSkippedBy);
    }
}
