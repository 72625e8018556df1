package io.breedline.web.upload;

import java.io.IOException;

/** Where an uploaded photo is kept for the worker to read: a local folder, or S3 in a deployment. */
public interface UploadStore {
    /** Stores the photo under a name derived from its content and returns the URI an image reference carries. */
    String store(String fileName, byte[] content) throws IOException;

    /** Words for the start-up log. */
    String describe();
}
