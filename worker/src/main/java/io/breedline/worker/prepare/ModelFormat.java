package io.breedline.worker.prepare;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A kind of model file that preparation turns into a SavedModel: the built-in archives ({@link ArchiveFormat}), and
 * whatever other modules register through {@link java.util.ServiceLoader} (see {@link ModelFormats#installed()}).
 */
public interface ModelFormat {
    /** A short name for logs and messages; it is also part of the cache key, so it must not change. */
    String name();

    /** Bump when the same input would now be prepared differently: entries prepared by an older revision are redone. */
    default int revision() {
        return 1;
    }

    /** Whether this format reads a file of this name: decided by the name alone, so S3 objects are judged before download. */
    boolean accepts(String fileName);

    /** The name the model goes by unless configured: by default the file name up to its last dot. */
    default String modelName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /**
     * Writes a SavedModel into {@code target}, an existing empty directory: {@code saved_model.pb} (with
     * {@code variables/}, {@code assets/}) at its root or in one top-level folder, optionally with a
     * {@code labels.txt} beside it. The caller deletes {@code target} when this fails.
     *
     * @param file the input, possibly a temporary download
     * @param origin how messages name the input: its local path or its {@code s3://} URI
     * @throws IllegalArgumentException when the input is not a model this format can prepare (the message names
     *     {@code origin} and the reason)
     * @throws IOException when the input cannot be read or the output written
     */
    void prepare(Path file, String origin, Path target) throws IOException;
}
