package io.breedline.sink;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaReachability;
import io.breedline.clients.ops.OpsRegistry;
import io.breedline.clients.ops.OpsServer;
import io.breedline.clients.ops.OpsSettings;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the results sink with configuration from the environment until SIGTERM. */
public final class SinkApp {
    private static final Logger log = LoggerFactory.getLogger(SinkApp.class);

    private SinkApp() {}

    public static void main(String[] args) throws InterruptedException {
        SinkConfig config;
        OpsSettings opsSettings;
        try {
            Settings settings = Settings.fromEnvironment();
            config = SinkConfig.from(settings);
            opsSettings = OpsSettings.from(settings, OpsSettings.SINK_PORT_DEFAULT);
            KafkaReachability.await(config.kafka(), KafkaReachability.timeout(settings));
        } catch (ConfigException e) {
            System.err.println("breedline-sink: " + e.getMessage());
            System.exit(2);
            return;
        }
        OpsRegistry registry = new OpsRegistry("sink");
        ResultsSink sink = new ResultsSink(config, registry.registry());
        Optional<OpsServer> ops;
        try {
            ops = OpsServer.startIfEnabled(opsSettings, registry, sink);
        } catch (UncheckedIOException e) {
            System.err.println("breedline-sink: " + e.getMessage());
            System.exit(2);
            return;
        }
        // SIGTERM: finish and commit the current write before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sink.close();
            ops.ifPresent(OpsServer::close);
        }, "breedline-sink-shutdown"));
        try {
            sink.start();
        } catch (IllegalStateException e) {
            log.error("cannot start the results sink: {}", e.getMessage());
            System.exit(1);
        }
        boolean stopped = false;
        while (!stopped) {
            stopped = sink.awaitTermination(Duration.ofMinutes(1));
        }
        if (sink.failure().isPresent()) {
            System.exit(1);
        }
    }
}
