package io.breedline.service.status;

import io.breedline.contracts.JobRecord;
import io.breedline.sink.query.JobOutcomes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One job as {@code status} shows it: what ingest published (the jobs topic) against what the sink finished (the
 * database).
 *
 * @param rate images finished per second, NaN while unknown
 * @param eta time left at that rate, empty while unknown
 */
public record JobStatus(JobRecord job, JobOutcomes outcomes, double rate, Optional<Duration> eta) {

    public JobStatus {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(outcomes, "outcomes");
        Objects.requireNonNull(eta, "eta");
    }

    public long published() {
        return job.published();
    }

    public long done() {
        return outcomes.done();
    }

    /** Of {@link #done()}, the images skipped because an earlier job already labeled the same content. */
    public long alreadyLabeled() {
        return outcomes.alreadyLabeled();
    }

    public long deadLettered() {
        return outcomes.deadLettered();
    }

    /** Published but not finished; never negative (a re-labeled image may count in a job twice over its lifetime). */
    public long remaining() {
        return Math.max(0, job.published() - outcomes.finished());
    }

    /** Ingest has ended and every image it published has an outcome: nothing more will happen to this job. */
    public boolean complete() {
        return job.state().finished() && remaining() == 0;
    }

    /** Finished share of the published images, 0 to 1. */
    public double fraction() {
        if (job.published() == 0) {
            return job.state().finished() ? 1.0 : 0.0;
        }
        return Math.min(1.0, (double) outcomes.finished() / job.published());
    }
}
