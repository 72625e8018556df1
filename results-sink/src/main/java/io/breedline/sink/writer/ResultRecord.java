package io.breedline.sink.writer;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;

/** One readable message at its offset: exactly one of a prediction, a dead letter or an already-labeled notice. */
public record ResultRecord(long offset, Prediction prediction, DeadLetter deadLetter, AlreadyLabeled alreadyLabeled) {
    public ResultRecord {
        int kinds = (prediction == null ? 0 : 1) + (deadLetter == null ? 0 : 1) + (alreadyLabeled == null ? 0 : 1);
        if (kinds != 1) {
            throw new IllegalArgumentException(
                    "a result record holds exactly one of a prediction, a dead letter or an already-labeled notice");
        }
    }

    public ResultRecord(long offset, Prediction prediction, DeadLetter deadLetter) {
        this(offset, prediction, deadLetter, null);
    }

    public static ResultRecord of(long offset, Prediction prediction) {
        return new ResultRecord(offset, prediction, null, null);
    }

    public static ResultRecord of(long offset, DeadLetter deadLetter) {
        return new ResultRecord(offset, null, deadLetter, null);
    }

    public static ResultRecord of(long offset, AlreadyLabeled alreadyLabeled) {
        return new ResultRecord(offset, null, null, alreadyLabeled);
    }

    /** The message as one line of compact JSON (re-serialised, so a pretty-printed input cannot break the line). */
    public String jsonLine() {
        return Json.writeString(prediction != null ? prediction : deadLetter != null ? deadLetter : alreadyLabeled);
    }
}
