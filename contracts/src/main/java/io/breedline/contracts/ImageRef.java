package io.breedline.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * One image to label: published by ingest on the images topic, keyed by {@link #imageId()}.
 *
 * @param schemaVersion {@link Schema#VERSION} of the writer
 * @param imageId stable id derived from the source URI (see {@link ImageIds}), so a re-ingest maps to the same result row
 * @param uri {@code s3://bucket/key} or an absolute local file path
 * @param etag object ETag when known, else null
 * @param versionId object version when the bucket is versioned, else null
 * @param sizeBytes object size when known, else null
 * @param jobId the ingest run that submitted it
 * @param submittedAt when ingest published it
 * @param sequencer S3's per-key ordering token from the event notification ({@link Sequencer#normalize}d), else null
 *     (listings and local files carry none)
 */
public record ImageRef(
        int schemaVersion,
        String imageId,
        String uri,
        String etag,
        String versionId,
        Long sizeBytes,
        String jobId,
        Instant submittedAt,
        String sequencer) {

    public ImageRef {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(submittedAt, "submittedAt");
    }

    /** A reference without a sequencer (the form before S3 event ordering). */
    public ImageRef(int schemaVersion, String imageId, String uri, String etag, String versionId, Long sizeBytes,
            String jobId, Instant submittedAt) {
        this(schemaVersion, imageId, uri, etag, versionId, sizeBytes, jobId, submittedAt, null);
    }

    public static ImageRef of(String uri, String etag, String versionId, Long sizeBytes, String jobId, Instant submittedAt) {
        return new ImageRef(Schema.VERSION, ImageIds.forUri(uri), uri, etag, versionId, sizeBytes, jobId, submittedAt, null);
    }

    /** A reference from an S3 event notification, ordered against other events of its key by {@code sequencer}. */
    public static ImageRef of(String uri, String etag, String versionId, Long sizeBytes, String jobId, Instant submittedAt,
            String sequencer) {
        return new ImageRef(Schema.VERSION, ImageIds.forUri(uri), uri, etag, versionId, sizeBytes, jobId, submittedAt,
                Sequencer.normalize(sequencer));
    }
}
