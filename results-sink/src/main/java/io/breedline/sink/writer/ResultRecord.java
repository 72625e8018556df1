package io.breedline.sink.writer;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;

/** One readable message at its offset: exactly one of a prediction or a dead letter. */
public record ResultRecord(long offset, Prediction prediction, DeadLetter deadLetter) {
    public ResultRecord {
        if ((prediction == null) == (deadLetter == null)) {
            throw new IllegalArgumentException("a result record holds exactly one of a prediction or a dead letter");
        }
    }

    public static ResultRecord of(long offset, Prediction prediction) {
        return new ResultRecord(offset, prediction, null);
    }

    public static ResultRecord of(long offset, DeadLetter deadLetter) {
        return new ResultRecord(offset, null, deadLetter);
    }

    /** The message as one line of compact JSON (re-serialised, so a pretty-printed input cannot break the line). */
    public String jsonLine() {
        return Json.writeString(prediction != null ? prediction : deadLetter);
    }
}
