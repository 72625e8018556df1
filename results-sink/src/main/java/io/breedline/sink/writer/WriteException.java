package io.breedline.sink.writer;

/**
 * The target refused a write. Retriable failures (database down, network) are retried with backoff; the others (a
 * missing bucket, access denied, a schema the statements do not fit) stop the sink, because waiting will not fix them.
 */
public class WriteException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public WriteException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
