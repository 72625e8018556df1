package io.breedline.worker;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker service: configuration from {@code BREEDLINE_*} environment variables (see {@link WorkerConfig}), runs
 * until SIGTERM or SIGINT, then stops gracefully. Exit status 2 for bad configuration, 1 for a fatal error.
 */
public final class WorkerApp {
    private static final Logger log = LoggerFactory.getLogger(WorkerApp.class);

    private WorkerApp() {}

    public static void main(String[] args) throws InterruptedException {
        WorkerConfig config;
        try {
            config = WorkerConfig.from(Settings.fromEnvironment());
        } catch (ConfigException e) {
            log.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Worker worker;
        try {
            worker = new Worker(config);
        } catch (RuntimeException e) {
            log.error("Cannot start the worker: {}", e.getMessage(), e);
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "breedline-worker-shutdown"));
        worker.start();
        worker.awaitTermination();
        if (worker.failure().isPresent()) {
            worker.close();
            System.exit(1);
        }
    }
}
