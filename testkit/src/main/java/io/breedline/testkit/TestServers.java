package io.breedline.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Real servers for integration tests, shared by every test in the JVM: each starts on first use and stops when the
 * JVM exits. Tests isolate themselves with {@link Names#unique} topics, groups, buckets and databases, never by
 * restarting servers.
 *
 * <p><b>Mode.</b> One integration test runs unchanged in both modes; {@link #mode()} picks the servers:
 * <ul>
 *   <li>{@value #TESTCONTAINERS} when a Docker engine answers: Kafka ({@code apache/kafka}), MinIO and PostgreSQL
 *       containers;
 *   <li>{@value #EMBEDDED} otherwise: {@link io.breedline.embedded.EmbeddedKafka} and
 *       {@link io.breedline.embedded.EmbeddedS3} in this JVM, PostgreSQL from zonky's embedded binaries.
 * </ul>
 * Force a mode with {@code -Dbreedline.test.servers=embedded|testcontainers} or the environment variable
 * {@code BREEDLINE_TEST_SERVERS} (e.g. to run the embedded path on a machine with Docker).
 *
 * <pre>{@code
 * class PredictionWriterIT {
 *     @Test
 *     void writesRows() {
 *         KafkaServer kafka = TestServers.kafka();
 *         String topic = Names.unique("predictions");
 *         kafka.createTopic(topic, 2);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>A test that only makes sense against containers (say, one that pauses a container) declares its own with
 * {@code @Testcontainers(disabledWithoutDocker = true)} and {@code @Container} fields; it is skipped, not failed,
 * where Docker is missing.
 */
public final class TestServers {
    public static final String EMBEDDED = "embedded";
    public static final String TESTCONTAINERS = "testcontainers";
    public static final String MODE_PROPERTY = "breedline.test.servers";
    public static final String MODE_ENV = "BREEDLINE_TEST_SERVERS";

    private static final Logger log = LoggerFactory.getLogger(TestServers.class);
    private static final Deque<AutoCloseable> STOPPERS = new ArrayDeque<>();

    private static String mode;
    private static KafkaServer kafka;
    private static S3Server s3;
    private static SqlServer postgres;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll, "test-servers-shutdown"));
    }

    private TestServers() {}

    /** {@value #TESTCONTAINERS} or {@value #EMBEDDED}; see the class comment. */
    public static synchronized String mode() {
        if (mode == null) {
            mode = chooseMode();
            log.info("Integration test servers: {}", mode);
        }
        return mode;
    }

    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            kafka = start("Kafka", backend()::kafka);
        }
        return kafka;
    }

    public static synchronized S3Server s3() {
        if (s3 == null) {
            s3 = start("S3", backend()::s3);
        }
        return s3;
    }

    public static synchronized SqlServer postgres() {
        if (postgres == null) {
            postgres = start("PostgreSQL", backend()::postgres);
        }
        return postgres;
    }

    private interface Starter<T> {
        Started<T> start() throws Exception;
    }

    private static <T> T start(String what, Starter<T> starter) {
        long t0 = System.nanoTime();
        Started<T> started;
        try {
            started = starter.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + what + " for tests (mode " + mode() + "): " + e, e);
        }
        STOPPERS.push(started.stopper());
        log.info("{} for tests ready in {} ms: {}", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                started.server());
        return started.server();
    }

    private static ServerBackend backend() {
        return TESTCONTAINERS.equals(mode()) ? new ContainerBackend() : new EmbeddedBackend();
    }

    private static String chooseMode() {
        String forced = System.getProperty(MODE_PROPERTY, System.getenv(MODE_ENV));
        if (forced != null && !forced.isBlank()) {
            String m = forced.trim().toLowerCase(Locale.ROOT);
            if (!m.equals(EMBEDDED) && !m.equals(TESTCONTAINERS)) {
                throw new IllegalArgumentException(MODE_PROPERTY + "/" + MODE_ENV + " is '" + forced + "'; expected "
                        + EMBEDDED + " or " + TESTCONTAINERS);
            }
            return m;
        }
        return dockerAvailable() ? TESTCONTAINERS : EMBEDDED;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Last started, first stopped; one server failing to stop does not keep the others running. */
    private static synchronized void stopAll() {
        while (!STOPPERS.isEmpty()) {
            try {
                STOPPERS.pop().close();
            } catch (Exception e) {
                log.warn("test server did not stop cleanly: {}", e.toString());
            }
        }
    }
}
