package io.breedline.ingest.source;

import java.util.Objects;

/**
 * One object found by a source, before it is known to be an image.
 *
 * @param uri an absolute normalised local path ({@code /data/dogs/rex.jpg}) or {@code s3://bucket/key} with the key
 *     exactly as stored (not URL-encoded)
 * @param etag the S3 ETag without its surrounding quotes; null for local files
 * @param versionId the object version, or null (listings do not carry versions)
 * @param sizeBytes the size the listing reported
 */
public record SourceObject(String uri, String etag, String versionId, long sizeBytes) {
    public SourceObject {
        Objects.requireNonNull(uri, "uri");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative, was " + sizeBytes + " for " + uri);
        }
    }
}
