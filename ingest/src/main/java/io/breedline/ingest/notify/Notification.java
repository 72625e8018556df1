package io.breedline.ingest.notify;

import java.util.List;
import java.util.Objects;

/**
 * What one notification message said.
 *
 * @param events the S3 event records, in message order; empty for a test event or an SNS control message
 * @param control why a message without records carries none ({@code s3:TestEvent}, an SNS
 *     {@code UnsubscribeConfirmation}), or null for an event message
 */
public record Notification(List<S3Event> events, String control) {
    public Notification {
        events = List.copyOf(Objects.requireNonNull(events, "events"));
    }

    public static Notification of(List<S3Event> events) {
        return new Notification(events, null);
    }

    public static Notification control(String what) {
        return new Notification(List.of(), Objects.requireNonNull(what, "what"));
    }
}
