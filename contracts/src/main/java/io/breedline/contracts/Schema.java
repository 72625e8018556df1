package io.breedline.contracts;

/** The message schema version. Readers refuse other versions rather than guess at their meaning. */
public final class Schema {
    public static final int VERSION = 1;

    private Schema() {}
}
