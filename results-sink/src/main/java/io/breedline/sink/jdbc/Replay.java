package io.breedline.sink.jdbc;

import io.breedline.contracts.Prediction;
import io.breedline.contracts.Sequencer;

/** What two predictions of one row leave when written one after the other, so a batch can write only that. */
final class Replay {
    private Replay() {}

    static Prediction later(Prediction first, Prediction second) {
        Sequencer a = Sequencer.parse(first.sequencer());
        Sequencer b = Sequencer.parse(second.sequencer());
        if (!b.replaces(a)) {
            return first;
        }
        Sequencer held = b.heldAfter(a);
        if (held.equals(b)) {
            return second;
        }
        // An unordered result replaces the row but keeps its sequencer, as the upsert's COALESCE does.
        return new Prediction(second.schemaVersion(), second.imageId(), second.uri(), second.etag(), second.versionId(),
                second.jobId(), second.topK(), second.modelName(), second.modelVersion(), second.timings(),
                second.workerId(), second.predictedAt(), held.text(), second.calibration());
    }
}
