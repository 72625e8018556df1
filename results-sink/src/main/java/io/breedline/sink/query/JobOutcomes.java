package io.breedline.sink.query;

import java.time.Instant;

/**
 * How far the sink has got with one job.
 *
 * @param done images of the job with a prediction (by any model version) written for this job, or skipped in this job
 *     as already labeled: {@code alreadyLabeled} of them
 * @param deadLettered images of the job that failed and are not done
 * @param firstResultAt when the sink wrote the job's first outcome, null when it has none
 * @param lastResultAt when the sink wrote the job's latest outcome, null when it has none
 * @param alreadyLabeled images of the job a worker skipped because they were already labeled (the same ETag/version
 *     and model version, by an earlier job); part of {@code done}
 */
public record JobOutcomes(String jobId, long done, long deadLettered, Instant firstResultAt, Instant lastResultAt,
        long alreadyLabeled) {

    public JobOutcomes {
        if (alreadyLabeled < 0 || alreadyLabeled > done) {
            throw new IllegalArgumentException("alreadyLabeled " + alreadyLabeled + " must lie within done " + done);
        }
    }

    public JobOutcomes(String jobId, long done, long deadLettered, Instant firstResultAt, Instant lastResultAt) {
        this(jobId, done, deadLettered, firstResultAt, lastResultAt, 0);
    }

    public static JobOutcomes none(String jobId) {
        return new JobOutcomes(jobId, 0, 0, null, null, 0);
    }

    /** Images with an outcome either way. */
    public long finished() {
        return done + deadLettered;
    }

    /** Images this job's own references labeled. */
    public long labeled() {
        return done - alreadyLabeled;
    }
}
