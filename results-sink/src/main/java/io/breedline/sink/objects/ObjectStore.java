package io.breedline.sink.objects;

import io.breedline.sink.writer.WriteException;

/** The one thing the object writer needs from where objects go (an S3 bucket, a folder), so it can be tested alone. */
public interface ObjectStore {
    /** Fails at start-up when the store cannot be written. */
    void check() throws WriteException;

    /** Creates or replaces an object; returns once the store acknowledged it. */
    void put(String key, byte[] body, String contentType) throws WriteException;
}
