package io.breedline.ingest.notify;

/** A notification body that is not an S3 event, an S3 test event, or an SNS envelope of one. */
public final class MalformedNotificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedNotificationException(String message) {
        super(message);
    }

    public MalformedNotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
