package io.breedline.clients.ops;

import org.slf4j.MDC;

/**
 * Puts an image's job id and image id in the SLF4J MDC, so every line logged about it carries both (as fields of the
 * JSON log format). Set on the thread that logs, and restored when the scope closes: pool threads are reused.
 */
public final class LogContext implements AutoCloseable {
    public static final String JOB_ID = "jobId";
    public static final String IMAGE_ID = "imageId";

    private final String previousJob;
    private final String previousImage;

    private LogContext(String jobId, String imageId) {
        this.previousJob = MDC.get(JOB_ID);
        this.previousImage = MDC.get(IMAGE_ID);
        put(JOB_ID, jobId);
        put(IMAGE_ID, imageId);
    }

    /** {@code try (LogContext c = LogContext.image(jobId, imageId)) { ... }}; null ids are left out. */
    public static LogContext image(String jobId, String imageId) {
        return new LogContext(jobId, imageId);
    }

    @Override
    public void close() {
        put(JOB_ID, previousJob);
        put(IMAGE_ID, previousImage);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
