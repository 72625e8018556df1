package io.breedline.service;

/** A problem the user can fix (a missing folder, a bad flag); printed as one line, without a stack trace. */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
