package io.breedline.worker.fetch;

import io.breedline.contracts.ImageRef;

/** Reads the bytes an image reference points at. Implementations are called from many threads at once. */
public interface ObjectFetcher {
    byte[] fetch(ImageRef ref) throws FetchException;
}
