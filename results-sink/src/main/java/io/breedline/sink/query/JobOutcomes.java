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
 * @param notADog images this job labeled whose prediction scored below its model version's "not a dog" threshold
 *     (calibrated models only, see docs/evaluation.md); part of {@code done}, never of {@code alreadyLabeled}
 */
public record JobOutcomes(String jobId, long done, long deadLettered, Instant firstResultAt, Instant lastResultAt,
        long alreadyLabeled, long notADog) {

    public JobOutcomes {
        if (alreadyLabeled < 0 || alreadyLabeled > done) {
            throw new IllegalArgumentException("alreadyLabeled " + alreadyLabeled + " must lie within done " + done);
        }
        if (notADog < 0 || notADog > done - alreadyLabeled) {
            throw new IllegalArgumentException("notADog " + notADog + " must lie within the labeled " + (done - alreadyLabeled));
        }
    }

    public JobOutcomes(String jobId, long done, long deadLettered, Instant firstResultAt, Instant lastResultAt,
            long alreadyLabeled) {
        this(jobId, done, deadLettered, firstResultAt, lastResultAt, alreadyLabeled, 0);
    }

    public JobOutcomes(String jobId, long done, long deadLettered, Instant firstResultAt, Instant lastResultAt) {
        this(jobId, done, deadLettered, firstResultAt, lastResultAt, 0);
    }

    public static JobOutcomes none(String jobId) {
        return new JobOutcomes(jobId, 0, 0, null, null, 0, 0);
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
