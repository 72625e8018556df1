package io.breedline.web.jobs;

/**
 * One job as the page lists it: the same figures {@code ./breedline status} prints.
 *
 * @param published images ingest published, null when the job is no longer on any jobs topic (an earlier
 *     {@code ./breedline label} run, for example): then only the database's counts are known
 * @param state ingest's state (RUNNING, COMPLETED, FAILED), or {@code RESULTS} for a job known from results only
 * @param rate images per second over the last minute, null when not measured
 * @param etaSeconds time left at that rate, null when unknown
 * @param notADog of {@code done}, the photos a calibrated model marked "not a dog?"
 */
public record JobView(String jobId, String source, String state, Long published, long done, long deadLettered,
        long alreadyLabeled, Double rate, Long etaSeconds, String firstResultAt, String lastResultAt, long notADog) {}
