package io.breedline.worker.fetch;

/**
 * The bytes of an image could not be read. The message names the image and the reason in words.
 *
 * <p>{@link #retriable()} marks failures a later attempt may not repeat (a timeout, a 503); missing objects, denied
 * access and refused sizes are not.
 */
public class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public FetchException(String reason, boolean retriable) {
        super(reason);
        this.retriable = retriable;
    }

    public FetchException(String reason, boolean retriable, Throwable cause) {
        super(reason, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }

    /** The class name a dead letter reports: the underlying failure's, else this one's. */
    public String exceptionType() {
        return getCause() != null ? getCause().getClass().getName() : getClass().getName();
    }
}
