package io.breedline.sink.consume;

/** The sink stopped because results cannot be written and waiting will not change that. */
public class SinkFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SinkFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
