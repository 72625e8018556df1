package io.breedline.worker.decode;

/** Bytes that are not an image this worker can use. The message says why, in words, without the image's name. */
public class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String reason) {
        super(reason);
    }

    public DecodeException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** The class name a dead letter reports: the underlying failure's, else this one's. */
    public String exceptionType() {
        return getCause() != null ? getCause().getClass().getName() : getClass().getName();
    }
}
