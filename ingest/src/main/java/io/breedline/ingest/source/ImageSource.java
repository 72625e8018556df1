package io.breedline.ingest.source;

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
}
