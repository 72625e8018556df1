package io.breedline.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * An image that will not be labeled, and why. Keyed by image id when one is known.
 *
 * @param reference the original reference, or null when the message could not be parsed
 * @param imageId the reference's image id, or a stand-in ({@code raw:topic-partition-offset}) for unreadable messages
 * @param jobId the reference's job, or null when unknown
 * @param rawBase64 the raw message value for {@link FailureStage#PARSE} failures, else null
 * @param stage where it failed
 * @param reason what a person needs to know, in words
 * @param exceptionType the class name of the underlying exception
 * @param retriable true when the failure was transient (the source timed out, say) and a retry later may succeed
 * @param workerId the worker that gave up on it
 */
public record DeadLetter(
        int schemaVersion,
        ImageRef reference,
        String imageId,
        String jobId,
        String rawBase64,
        FailureStage stage,
        String reason,
        String exceptionType,
        boolean retriable,
        String workerId,
        Instant failedAt) {

    public DeadLetter {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(failedAt, "failedAt");
    }

    public static DeadLetter forReference(
            ImageRef ref, FailureStage stage, String reason, String exceptionType, boolean retriable, String workerId, Instant at) {
        return new DeadLetter(Schema.VERSION, ref, ref.imageId(), ref.jobId(), null, stage, reason, exceptionType, retriable, workerId, at);
    }
}
