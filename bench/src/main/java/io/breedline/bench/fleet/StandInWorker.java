package io.breedline.bench.fleet;

import io.breedline.clients.config.Settings;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import java.time.Duration;

/**
 * One fleet-benchmark worker process: the real {@link Worker}, configured from {@code BREEDLINE_*} variables as
 * WorkerApp configures it, serving a {@link StandInModel}. Argument: the stand-in's batch time (ISO-8601, PT1S).
 * Stops gracefully on SIGTERM, as WorkerApp does.
 */
public final class StandInWorker {
    private StandInWorker() {}

    public static void main(String[] args) throws InterruptedException {
        Duration batchTime = Duration.parse(args[0]);
        Worker worker = new Worker(WorkerConfig.from(Settings.fromEnvironment()), new StandInModel(batchTime));
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "fleet-worker-shutdown"));
        worker.start();
        worker.awaitTermination();
        System.exit(worker.failure().isPresent() ? 1 : 0);
    }
}
