package io.breedline.worker.fetch;

import io.breedline.contracts.ImageRef;

/** Reads the bytes an image reference points at. Implementations are called from many threads at once. */
public interface ObjectFetcher {
    byte[] fetch(ImageRef ref) throws FetchException;

    /**
     * The bytes with the ETag and version actually read: an S3 object may have been overwritten since the reference
     * was made, and the prediction must say which content it labeled.
     */
    default FetchedObject fetchObject(ImageRef ref) throws FetchException {
        return new FetchedObject(fetch(ref), null, null);
    }
}
