package io.breedline.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Apache Kafka broker in this JVM: one node in KRaft combined mode (broker and controller), listening on
 * 127.0.0.1. Transactions, consumer groups and read_committed consumers work as on any cluster; all internal topics
 * have one replica.
 *
 * <p>The storage is formatted on first start ({@link org.apache.kafka.metadata.storage.Formatter}, as
 * {@code kafka-storage.sh format} does) and reused afterwards, so {@link #stop()} then {@link #restart()} (or a new
 * {@link #start} on the same directory) keeps every committed record. {@link #restart()} reuses the same ports.
 *
 * <p>The broker logs through SLF4J under {@code kafka} and {@code org.apache.kafka}; it is chatty at INFO, so
 * logging configurations should set those to WARN.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 3;

    private final EmbeddedKafkaConfig config;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(EmbeddedKafkaConfig config, int port, int controllerPort) {
        this.config = config;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static EmbeddedKafka start(Path dataDir) {
        return start(EmbeddedKafkaConfig.of(dataDir));
    }

    /** @param port client port on 127.0.0.1, 0 for any free port */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(EmbeddedKafkaConfig.of(dataDir).withPort(port));
    }

    public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
        KafkaStorage.formatIfNeeded(BrokerProperties.logDir(config), BrokerProperties.NODE_ID,
                BrokerProperties.CONTROLLER_LISTENER);
        // Free ports are picked before the broker binds them, so another process may take one in between: retry
        // with new ports, unless the caller asked for a fixed one.
        RuntimeException last = null;
        int attempts = config.port() == EmbeddedKafkaConfig.PORT_ANY ? PORT_ATTEMPTS : 1;
        for (int i = 0; i < attempts; i++) {
            int port = config.port() == EmbeddedKafkaConfig.PORT_ANY ? FreePorts.pick() : config.port();
            EmbeddedKafka kafka = new EmbeddedKafka(config, port, FreePorts.pick());
            try {
                kafka.startServer();
                return kafka;
            } catch (RuntimeException e) {
                kafka.stop();
                if (!isBindFailure(e)) {
                    throw e;
                }
                last = e;
                log.warn("Kafka broker did not start on port {} (attempt {} of {}): {}", port, i + 1, attempts,
                        e.toString());
            }
        }
        throw last;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    public String bootstrapServers() {
        return BrokerProperties.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down; the data directory is kept for {@link #restart()}. Does nothing if stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
        log.info("Kafka broker on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** Starts the broker again on the same ports and data directory, stopping it first if it runs. */
    public synchronized void restart() {
        stop();
        startServer();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() {
        long t0 = System.nanoTime();
        Properties props = BrokerProperties.build(config, port, controllerPort);
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server = s;
        s.startup();
        awaitReady();
        log.info("Kafka broker ready on {} in {} ms (data in {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), config.dataDir());
    }

    /** The broker answers metadata requests only once it has caught up with the controller and is unfenced. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                } catch (Exception e) {
                    last = e;
                }
                sleepBriefly();
            }
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " not ready after "
                    + READY_TIMEOUT.toSeconds() + " s", last);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + config.dataDir() + "]";
    }
}
