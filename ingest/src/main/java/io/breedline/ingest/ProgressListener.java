package io.breedline.ingest;

/**
 * Hears how a run goes, on the thread calling {@link Ingestor#run}. Calls are cheap to handle: progress comes at most
 * every {@link Ingestor#PROGRESS_TICK}, not per image.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {};

    /** The run has opened its source and is about to list it; the first thing a user should see is the job id. */
    default void started(String jobId, String source, String topic) {}

    default void progressed(IngestProgress progress) {}

    /** The run is over, whether it succeeded or not; {@link Ingestor#run} returns or throws right after. */
    default void finished(IngestSummary summary) {}
}
