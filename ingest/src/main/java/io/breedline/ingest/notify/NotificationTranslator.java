package io.breedline.ingest.notify;

import io.breedline.clients.ops.LogContext;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageIds;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Schema;
import io.breedline.ingest.source.ImageSignature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one raw notification into image references (one per accepted event record) or, when it cannot be read, a
 * dead letter that keeps its raw body. The same for every source, so Kafka, SQS and webhook deliveries of one upload
 * give the same reference (same image id, ETag, version and size).
 */
public final class NotificationTranslator {
    private static final Logger log = LoggerFactory.getLogger(NotificationTranslator.class);

    private final EventFilter filter;
    private final ObjectHeads heads;
    private final String jobId;
    private final String workerId;
    private final Clock clock;

    /**
     * @param jobId the job the references belong to
     * @param workerId who dead-letters malformed notifications ({@code ingest-trigger-<instance>})
     */
    public NotificationTranslator(EventFilter filter, String jobId, String workerId, Clock clock) {
        this(filter, ObjectHeads.NONE, jobId, workerId, clock);
    }

    /**
     * @param heads reads the first bytes of an object whose key has no image extension (a ranged GET), which decide
     *     whether it is an image, as for a prefix or folder ingest
     */
    public NotificationTranslator(EventFilter filter, ObjectHeads heads, String jobId, String workerId, Clock clock) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.heads = Objects.requireNonNull(heads, "heads");
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String jobId() {
        return jobId;
    }

    /**
     * @param source where it came from ({@code kafka}, {@code sqs}, {@code http}): part of the dead letter's image id
     * @param id the message's id within the source (topic-partition-offset, SQS message id): the rest of it
     */
    public Translation translate(String source, String id, byte[] body) {
        Instant now = clock.instant();
        Notification notification;
        try {
            notification = NotificationParser.parse(body);
        } catch (MalformedNotificationException e) {
            String imageId = "raw:" + source + ":" + id;
            try (LogContext c = LogContext.image(jobId, imageId)) {
                log.warn("dead-lettering malformed notification {}: {}", imageId, e.getMessage());
            }
            DeadLetter dead = new DeadLetter(Schema.VERSION, null, imageId, jobId,
                    Base64.getEncoder().encodeToString(body == null ? new byte[0] : body), FailureStage.PARSE,
                    "malformed S3 event notification: " + e.getMessage(), e.getClass().getName(), false, workerId, now);
            return new Translation(List.of(), List.of(dead), 0);
        }
        if (notification.control() != null) {
            log.info("skipping {} notification {}:{}", notification.control(), source, id);
            return new Translation(List.of(), List.of(), 0);
        }
        List<ImageRef> refs = new ArrayList<>(notification.events().size());
        int skipped = 0;
        for (S3Event event : notification.events()) {
            Optional<String> skip = filter.skipReason(event);
            if (skip.isEmpty() && !filter.hasImageExtension(event) && !looksLikeImage(event)) {
                skip = Optional.of(filter.notAnImage());
            }
            if (skip.isPresent()) {
                skipped++;
                try (LogContext c = LogContext.image(jobId, ImageIds.forUri(event.uri()))) {
                    log.debug("skipping {}: {}", event.uri(), skip.get());
                }
            } else {
                refs.add(ImageRef.of(event.uri(), event.etag(), event.versionId(), event.sizeBytes(), jobId, now,
                        event.sequencer()));
            }
        }
        return new Translation(refs, List.of(), skipped);
    }

    // A photo uploaded without its extension (IMG_0042) is a photo: its first bytes say so.
    private boolean looksLikeImage(S3Event event) {
        if (event.sizeBytes() != null && event.sizeBytes() == 0) {
            return false;
        }
        return heads.head(event, ImageSignature.HEAD_BYTES).map(ImageSignature::isImage).orElse(false);
    }
}
