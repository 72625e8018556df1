package io.breedline.ingest.job;

import io.breedline.contracts.JobRecord;

/** Where job records go: the compacted jobs topic in a real run, nowhere or a list in tests. */
@FunctionalInterface
public interface JobLog {
    JobLog NONE = record -> { };

    /** Sends one record; never throws for a send that fails (a job record is a report, not the job's work). */
    void record(JobRecord record);
}
