package io.breedline.sink.writer;

import io.breedline.clients.ops.PeriodicCheck;

/** Whether the target answers, for readiness; separate from the writer so a probe never waits on a write. */
public interface TargetProbe extends PeriodicCheck.Check, AutoCloseable {
    @Override
    void close();
}
