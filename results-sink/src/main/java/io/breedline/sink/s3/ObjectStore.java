package io.breedline.sink.s3;

import io.breedline.sink.writer.WriteException;

/** The one thing the S3 writer needs from S3, so its batching can be tested without a server. */
public interface ObjectStore {
    /** Fails at start-up when the bucket cannot be written. */
    void check() throws WriteException;

    /** Creates or replaces an object; returns once the store acknowledged it. */
    void put(String key, byte[] body) throws WriteException;
}
