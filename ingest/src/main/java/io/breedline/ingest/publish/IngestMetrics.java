package io.breedline.ingest.publish;

import io.micrometer.core.instrument.Metrics;

/**
 * Ingest's meters. They go to Micrometer's process-wide registry: references are published deep inside the batch
 * ingestor and each trigger source, and the process's ops server (see {@code IngestApp}) adds its Prometheus registry
 * there. Without one they go nowhere.
 */
public final class IngestMetrics {
    static final String PUBLISHED = "breedline.ingest.references.published";

    private IngestMetrics() {}

    /** {@code count} references of job {@code jobId} were acknowledged by Kafka. */
    public static void published(String jobId, long count) {
        if (count > 0) {
            // Not "job": Prometheus owns that label (the scrape job) and would rename ours.
            Metrics.counter(PUBLISHED, "job_id", jobId == null ? "unknown" : jobId).increment(count);
        }
    }
}
