package io.breedline.worker;

import io.breedline.clients.ops.Health;
import java.util.List;

/**
 * A worker process's health, from before its worker exists: while the model loads (which can take minutes from S3)
 * the process is live but not ready.
 */
public final class WorkerHealth implements Health {
    private volatile Worker worker;

    /** The worker is built: from now on its own state answers. */
    public void attach(Worker w) {
        this.worker = w;
    }

    @Override
    public boolean live() {
        Worker w = worker;
        return w == null || w.live();
    }

    @Override
    public List<String> notReady() {
        Worker w = worker;
        return w == null ? List.of("model: loading") : w.notReady();
    }
}
