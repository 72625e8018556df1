package io.breedline.ingest.notify;

import java.util.Optional;

/**
 * The first bytes of the object an event names: how an upload whose key has no image extension (or none at all) is
 * told apart from other files, as ingest tells a photo saved without its extension from a text file.
 */
@FunctionalInterface
public interface ObjectHeads {
    /** Reads nothing: every key without an image extension is skipped. */
    ObjectHeads NONE = (event, bytes) -> Optional.empty();

    /** The first {@code bytes} bytes of the event's object (its version, when the event names one); empty when unreadable. */
    Optional<byte[]> head(S3Event event, int bytes);
}
