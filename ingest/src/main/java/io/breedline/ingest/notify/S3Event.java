package io.breedline.ingest.notify;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One record of an S3 event notification, its key already URL-decoded.
 *
 * @param eventName as sent: {@code ObjectCreated:Put} (AWS) or {@code s3:ObjectCreated:Put} (MinIO)
 * @param bucket the bucket name
 * @param key the object key exactly as stored (decoded: {@code dogs/with space.jpg}, not {@code dogs/with+space.jpg})
 * @param etag the ETag without quotes, or null (deletes carry none)
 * @param versionId the object version, or null when the bucket is not versioned
 * @param sizeBytes the object size, or null when the event carries none
 * @param sequencer S3's per-key ordering token (hex, compare left-padded), or null
 * @param contentType the object's Content-Type when the event carries it (MinIO does, AWS does not), else null
 */
public record S3Event(
        String eventName, String bucket, String key, String etag, String versionId, Long sizeBytes, String sequencer,
        String contentType) {

    /** The object-created events that bring new content; metadata-only ones (tagging, retention) do not. */
    private static final Set<String> CREATED = Set.of(
            "objectcreated:put", "objectcreated:post", "objectcreated:copy", "objectcreated:completemultipartupload");

    public S3Event(String eventName, String bucket, String key, String etag, String versionId, Long sizeBytes,
                   String sequencer) {
        this(eventName, bucket, key, etag, versionId, sizeBytes, sequencer, null);
    }

    public S3Event {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /** {@code s3://bucket/key} with the key as stored, the form every other source gives. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    /** True for Put, Post, Copy and CompleteMultipartUpload, with or without the {@code s3:} prefix MinIO adds. */
    public boolean isObjectCreated() {
        String name = eventName.toLowerCase(Locale.ROOT);
        if (name.startsWith("s3:")) {
            name = name.substring(3);
        }
        return CREATED.contains(name);
    }
}
