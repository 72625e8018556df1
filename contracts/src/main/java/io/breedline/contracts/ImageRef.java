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
 */
public record ImageRef(
        int schemaVersion,
        String imageId,
        String uri,
        String etag,
        String versionId,
        Long sizeBytes,
        String jobId,
        Instant submittedAt) {

    public ImageRef {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(submittedAt, "submittedAt");
    }

    public static ImageRef of(String uri, String etag, String versionId, Long sizeBytes, String jobId, Instant submittedAt) {
        return new ImageRef(Schema.VERSION, ImageIds.forUri(uri), uri, etag, versionId, sizeBytes, jobId, submittedAt);
    }
}
