package io.breedline.sink;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the results sink with configuration from the environment until SIGTERM. */
public final class SinkApp {
    private static final Logger log = LoggerFactory.getLogger(SinkApp.class);

    private SinkApp() {}

    public static void main(String[] args) throws InterruptedException {
        SinkConfig config;
        try {
            config = SinkConfig.from(Settings.fromEnvironment());
        } catch (ConfigException e) {
            System.err.println("breedline-sink: " + e.getMessage());
            System.exit(2);
            return;
        }
        ResultsSink sink = new ResultsSink(config);
        // SIGTERM: finish and commit the current write before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(sink::close, "breedline-sink-shutdown"));
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
