package io.breedline.contracts;

/** Where an ingest job is. A job ends in {@link #COMPLETE} or {@link #FAILED}; either way its count is final. */
public enum JobState {
    STARTED,
    PUBLISHING,
    COMPLETE,
    FAILED;

    public boolean finished() {
        return this == COMPLETE || this == FAILED;
    }
}
