package io.breedline.worker.fetch;

/**
 * An object's bytes and, when the store says, which content they are.
 *
 * @param etag the ETag of the bytes read (as the store sent it, perhaps quoted), or null
 * @param versionId the version read, or null
 */
public record FetchedObject(byte[] bytes, String etag, String versionId) {}
