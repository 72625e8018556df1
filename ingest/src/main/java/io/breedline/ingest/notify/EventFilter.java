package io.breedline.ingest.notify;

import io.breedline.ingest.source.ImageExtensions;
import java.util.Objects;
import java.util.Optional;

/**
 * Which events become image references: object-created events whose key starts with the prefix and whose
 * Content-Type, when the event carries one, could be an image; a key that does not end with an image extension (or has
 * none) is then identified by its object's first bytes ({@link NotificationTranslator}). Anything else is skipped
 * (acknowledged, not dead-lettered): a {@code .txt} upload is not an error.
 *
 * @param prefix keys must start with this (may be empty)
 * @param suffixes which key endings are images
 */
public record EventFilter(String prefix, ImageExtensions suffixes) {
    public EventFilter {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffixes, "suffixes");
    }

    public static EventFilter images() {
        return new EventFilter("", ImageExtensions.defaults());
    }

    /**
     * Why this event is skipped whatever its object holds, or empty when it becomes a reference if its key ends in an
     * image extension ({@link #hasImageExtension}) or its first bytes are an image's.
     */
    public Optional<String> skipReason(S3Event event) {
        if (!event.isObjectCreated()) {
            return Optional.of("event " + event.eventName() + " does not create an object");
        }
        if (!event.key().startsWith(prefix)) {
            return Optional.of("key is outside the prefix '" + prefix + "'");
        }
        if (event.contentType() != null && !couldBeImage(event.contentType())) {
            return Optional.of("Content-Type " + event.contentType() + " is not an image");
        }
        return Optional.empty();
    }

    public boolean hasImageExtension(S3Event event) {
        return suffixes.matches(event.key());
    }

    /** Why an event whose key has no image extension is skipped when its first bytes are not an image's either. */
    public String notAnImage() {
        return "key does not end in an image extension (" + suffixes + ") and its first bytes are not an image's";
    }

    /** image/*, or a type that says nothing (uploads without a type get application/octet-stream or binary/octet-stream). */
    private static boolean couldBeImage(String contentType) {
        String type = contentType.toLowerCase(java.util.Locale.ROOT).split(";", 2)[0].trim();
        return type.isEmpty() || type.startsWith("image/") || type.equals("application/octet-stream")
                || type.equals("binary/octet-stream");
    }
}
