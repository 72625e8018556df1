package io.breedline.worker;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaReachability;
import io.breedline.clients.ops.OpsRegistry;
import io.breedline.clients.ops.OpsServer;
import io.breedline.clients.ops.OpsSettings;
import java.io.UncheckedIOException;
import java.util.Optional;
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
        OpsSettings opsSettings;
        try {
            Settings settings = Settings.fromEnvironment();
            config = WorkerConfig.from(settings);
            opsSettings = OpsSettings.from(settings, OpsSettings.WORKER_PORT_DEFAULT);
            // Before the model loads (seconds to minutes): an unreachable broker is said at once, in one line.
            KafkaReachability.await(config.kafka(), KafkaReachability.timeout(settings));
        } catch (ConfigException e) {
            log.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        // Up before the model loads, so an orchestrator sees a live but not yet ready worker meanwhile.
        OpsRegistry registry = new OpsRegistry("worker");
        WorkerHealth health = new WorkerHealth();
        Optional<OpsServer> ops;
        try {
            ops = OpsServer.startIfEnabled(opsSettings, registry, health);
        } catch (UncheckedIOException e) {
            log.error("{}", e.getMessage());
            System.exit(2);
            return;
        }
        Worker worker;
        try {
            worker = new Worker(config, registry.registry());
        } catch (RuntimeException e) {
            log.error("Cannot start the worker: {}", e.getMessage());
            log.debug("Why the worker could not start", e);
            System.exit(2);
            return;
        }
        health.attach(worker);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            ops.ifPresent(OpsServer::close);
        }, "breedline-worker-shutdown"));
        worker.start();
        worker.awaitTermination();
        if (worker.failure().isPresent()) {
            worker.close();
            System.exit(1);
        }
    }
}
