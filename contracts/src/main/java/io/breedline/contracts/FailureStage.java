package io.breedline.contracts;

/** Where in the pipeline an image failed. */
public enum FailureStage {
    /** The message on the images topic could not be read (not JSON, wrong schema, missing fields). */
    PARSE,
    /** The bytes could not be read from the source (missing, denied, too large, not allowed, transient failure). */
    FETCH,
    /** The bytes are not an image the worker can read, or it is too large to decode safely. */
    DECODE,
    /** The model call failed for this image. */
    INFERENCE
}
