package io.breedline.ingest.source;

import java.util.Map;
import java.util.Optional;

/**
 * Where images come from: a folder tree or an S3 prefix.
 *
 * <p>Iteration is lazy and its memory does not grow with the number of objects: a source never collects all of its
 * paths or keys, so one with millions of objects works. Each call of {@link #iterator()} lists afresh. A listing
 * failure part-way through is thrown from the iterator as a {@link SourceException}.
 */
public interface ImageSource extends Iterable<SourceObject> {
    /** What this source is, for messages: the folder path or the {@code s3://} prefix. */
    String description();

    /**
     * The first {@code bytes} bytes of an object (fewer when it is shorter), so that one whose name does not say it
     * is an image can be recognised by its content; empty when they cannot be read.
     */
    default Optional<byte[]> head(SourceObject object, int bytes) {
        return Optional.empty();
    }

    /**
     * What the listing so far left out before it became a {@link SourceObject}, by reason ("hidden", "symbolic
     * link"), so that the run can count it as skipped; empty for a source that leaves nothing out.
     */
    default Map<String, Long> leftOut() {
        return Map.of();
    }
}
