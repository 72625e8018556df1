package io.breedline.ingest;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaReachability;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.clients.s3.S3Location;
import io.breedline.clients.ops.Health;
import io.breedline.clients.ops.OpsRegistry;
import io.breedline.clients.ops.OpsServer;
import io.breedline.clients.ops.OpsSettings;
import io.breedline.contracts.JobTopic;
import io.breedline.contracts.Lane;
import io.breedline.ingest.progress.ProgressReporter;
import io.breedline.ingest.source.SourceException;
import io.breedline.ingest.source.Sources;
import io.breedline.ingest.trigger.TriggerConfig;
import io.breedline.ingest.trigger.TriggerService;
import io.micrometer.core.instrument.Metrics;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ingest for a launcher that has parsed the command line (the {@code ingest} command and its {@code trigger}
 * subcommand): {@link #batch} publishes one image reference per image of a folder or {@code s3://bucket/prefix}, then
 * returns; {@link #trigger} runs until stopped, turning S3 event notifications (MinIO Kafka notifications, SQS,
 * webhooks; see {@link TriggerConfig}) into image references. Without a source, {@code BREEDLINE_INGEST_SOURCE} is the
 * source, and {@code BREEDLINE_INGEST_MODE=trigger} chooses the trigger.
 *
 * <p>Exit codes: 0 every reference published; 1 the run failed (a send failed, an unexpected error); 2 the
 * configuration or the source is wrong (missing folder, unknown scheme, no such bucket, access denied).
 */
public final class IngestApp {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String TRIGGER = "trigger";

    private static final Logger log = LoggerFactory.getLogger(IngestApp.class);

    private IngestApp() {}

    /**
     * {@code ingest [SOURCE]}: a batch run over {@code source}, else over {@code BREEDLINE_INGEST_SOURCE}; with neither
     * and {@code BREEDLINE_INGEST_MODE=trigger}, the trigger.
     */
    public static int batch(Optional<String> source) {
        return batch(source, Optional.empty());
    }

    /**
     * As {@link #batch(Optional)}, the references on {@code lane} when given (else the bulk lane; the trigger's own,
     * priority, when the environment chooses the trigger).
     */
    public static int batch(Optional<String> source, Optional<Lane> lane) {
        Settings settings;
        try {
            settings = Settings.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("ingest: configuration error: " + e.getMessage());
            return USAGE;
        }
        if (triggerByEnvironment(source, settings)) {
            return trigger(lane);
        }
        Optional<OpsServer> ops;
        try {
            ops = batchOps(settings);
        } catch (ConfigException e) {
            System.err.println("ingest: configuration error: " + e.getMessage());
            return USAGE;
        }
        try {
            return batch(source, lane, settings);
        } finally {
            ops.ifPresent(OpsServer::close);
        }
    }

    /** {@code ingest trigger}: runs until the JVM is asked to stop or a notification source fails. */
    public static int trigger() {
        return trigger(Optional.empty());
    }

    /** As {@link #trigger()}, the references on {@code lane} when given (else the priority lane). */
    public static int trigger(Optional<Lane> lane) {
        Settings settings;
        String jobsTopic;
        try {
            settings = Settings.fromEnvironment();
            jobsTopic = jobsTopic(settings);
        } catch (ConfigException e) {
            System.err.println("ingest trigger: configuration error: " + e.getMessage());
            return USAGE;
        }
        return trigger(settings, System.err, config -> {
            // An unreachable broker ends the start in one line, within BREEDLINE_STARTUP_TIMEOUT.
            KafkaReachability.await(KafkaSettings.from(settings), KafkaReachability.timeout(settings));
            return new TriggerService(config.withLane(lane.orElse(null))).recordingJobIn(jobsTopic).start();
        });
    }

    private static int batch(Optional<String> source, Optional<Lane> lane, Settings settings) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Ingestor> running = new AtomicReference<>();
        // On Ctrl-C or SIGTERM: stop listing, let the sends in flight finish, so the summary counts what was published.
        Thread hook = new Thread(() -> {
            Ingestor ingestor = running.get();
            if (ingestor != null) {
                ingestor.stop();
            }
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(source, settings, System.err, config -> {
                // Bad input first (a missing folder, an unknown scheme), then an unreachable broker: each ends the run
                // in one line, the broker within BREEDLINE_STARTUP_TIMEOUT.
                config.source().filter(src -> !S3Location.isS3(src)).ifPresent(src -> Sources.open(src, () -> {
                    throw new IllegalStateException("a local source needs no S3 client");
                }, 1));
                KafkaReachability.await(config.kafka(), KafkaReachability.timeout(settings));
                Ingestor ingestor = new Ingestor(config.withLane(lane.orElse(null)), new JobIdFirst(System.out,
                        ProgressReporter.forConsole(config.progressInterval())), jobsTopic(settings));
                running.set(ingestor);
                return ingestor;
            });
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down and the hook is running: it returns now that the run is done.
            }
        }
    }

    // A batch run lasts minutes: metrics are a courtesy, and a second ingest on the same host must not fail for want
    // of the port.
    private static Optional<OpsServer> batchOps(Settings settings) {
        OpsSettings opsSettings = OpsSettings.from(settings, OpsSettings.INGEST_PORT_DEFAULT);
        try {
            return OpsServer.startIfEnabled(opsSettings, processRegistry(), new Health() {
                @Override
                public boolean live() {
                    return true;
                }

                @Override
                public List<String> notReady() {
                    return List.of();
                }
            });
        } catch (UncheckedIOException e) {
            log.warn("No metrics for this run: {}", e.getMessage());
            return Optional.empty();
        }
    }

    // Ingest's meters live in Micrometer's process-wide registry (see IngestMetrics): serve that.
    private static OpsRegistry processRegistry() {
        OpsRegistry registry = new OpsRegistry("ingest");
        Metrics.addRegistry(registry.registry());
        return registry;
    }

    /** {@code BREEDLINE_TOPIC_JOBS}: the compacted topic each batch run records its job in. */
    static String jobsTopic(Settings settings) {
        String topic = settings.string(JobTopic.ENV, JobTopic.DEFAULT);
        try {
            return JobTopic.check(topic);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(JobTopic.ENV, topic, "is not a legal Kafka topic name (letters, digits, '.', '_', '-')");
        }
    }

    /** No source given and {@code BREEDLINE_INGEST_MODE=trigger}: a source given always means a batch run. */
    static boolean triggerByEnvironment(Optional<String> source, Settings settings) {
        return source.isEmpty() && settings.optional(TriggerConfig.MODE).map(m -> m.equalsIgnoreCase(TRIGGER)).orElse(false);
    }

    /** Runs the trigger until the JVM is asked to stop (the shutdown hook closes it) or a source fails. */
    static int trigger(Settings settings, PrintStream err, Function<TriggerConfig, TriggerService> starter) {
        TriggerService service;
        try {
            String mode = settings.string(TriggerConfig.MODE, TRIGGER);
            if (!mode.equalsIgnoreCase(TRIGGER) && !mode.equalsIgnoreCase("batch")) {
                throw new ConfigException(TriggerConfig.MODE, mode, "must be batch or trigger");
            }
            service = starter.apply(TriggerConfig.from(settings));
        } catch (ConfigException e) {
            err.println("ingest trigger: configuration error: " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            err.println("ingest trigger: cannot start: " + e.getMessage());
            return FAILED;
        }
        Optional<OpsServer> ops;
        try {
            ops = OpsServer.startIfEnabled(OpsSettings.from(settings, OpsSettings.INGEST_PORT_DEFAULT),
                    processRegistry(), service);
        } catch (ConfigException e) {
            service.close();
            err.println("ingest trigger: configuration error: " + e.getMessage());
            return USAGE;
        } catch (UncheckedIOException e) {
            service.close();
            err.println("ingest trigger: " + e.getMessage());
            return USAGE;
        }
        Thread hook = new Thread(() -> {
            service.close();
            ops.ifPresent(OpsServer::close);
        }, "ingest-trigger-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.awaitTermination();
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            return OK;
        } catch (IllegalStateException e) {
            err.println("ingest trigger: " + e.getMessage());
            return FAILED;
        } finally {
            ops.ifPresent(OpsServer::close);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down and the hook is running.
            }
        }
    }

    /** A batch run with the given settings and ingestors, for tests: returns the exit code. */
    static int run(Optional<String> source, Settings settings, PrintStream err, Function<IngestConfig, Ingestor> ingestors) {
        try {
            settings.optional(TriggerConfig.MODE).filter(m -> !m.equalsIgnoreCase("batch")).ifPresent(m -> {
                throw new ConfigException(TriggerConfig.MODE, m, "must be batch or trigger");
            });
            IngestConfig config = IngestConfig.from(settings);
            if (source.isPresent()) {
                config = config.withSource(source.get());
            }
            if (config.source().isEmpty()) {
                err.println("ingest: no source given: pass a folder or s3://bucket/prefix, or set " + IngestConfig.SOURCE
                        + " (see ingest --help)");
                return USAGE;
            }
            ingestors.apply(config).run();
            return OK;
        } catch (ConfigException e) {
            err.println("ingest: configuration error: " + e.getMessage());
            return USAGE;
        } catch (SourceException e) {
            err.println("ingest: " + e.getMessage());
            return USAGE;
        } catch (IngestFailedException e) {
            err.println("ingest: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            err.println("ingest: failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }
}
