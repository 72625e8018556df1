package io.breedline.sink.query;

import java.time.Instant;

/**
 * How far the sink has got with one job.
 *
 * @param done images of the job with a prediction (by any model version)
 * @param deadLettered images of the job that failed and have no prediction
 * @param firstResultAt when the sink wrote the job's first outcome, null when it has none
 * @param lastResultAt when the sink wrote the job's latest outcome, null when it has none
 */
public record JobOutcomes(String jobId, long done, long deadLettered, Instant firstResultAt, Instant lastResultAt) {

    public static JobOutcomes none(String jobId) {
        return new JobOutcomes(jobId, 0, 0, null, null);
    }

    /** Images with an outcome either way. */
    public long finished() {
        return done + deadLettered;
    }
}
