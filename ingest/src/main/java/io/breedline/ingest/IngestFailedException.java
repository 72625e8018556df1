package io.breedline.ingest;

/** A run that could not publish every reference. The summary says how far it got. */
public class IngestFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient IngestSummary summary;

    public IngestFailedException(String message, IngestSummary summary, Throwable cause) {
        super(message, cause);
        this.summary = summary;
    }

    public IngestSummary summary() {
        return summary;
    }
}
