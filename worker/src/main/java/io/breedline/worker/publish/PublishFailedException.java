package io.breedline.worker.publish;

/**
 * A batch's transaction did not commit and has been cleaned up (aborted, or the producer replaced): nothing of the
 * batch is visible downstream, and its input must be read again from the last committed offsets.
 */
public class PublishFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
