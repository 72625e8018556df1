package io.breedline.kerasimport.file;

/** A model file that cannot be imported; the message names the file, what was expected and what was found. */
public final class ModelFileException extends IllegalArgumentException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
