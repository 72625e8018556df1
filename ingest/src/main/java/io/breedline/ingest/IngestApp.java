package io.breedline.ingest;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.ops.Health;
import io.breedline.clients.ops.OpsRegistry;
import io.breedline.clients.ops.OpsServer;
import io.breedline.clients.ops.OpsSettings;
import io.breedline.contracts.JobTopic;
import io.breedline.ingest.progress.ProgressReporter;
import io.breedline.ingest.source.SourceException;
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
 * {@code ingest [folder | s3://bucket/prefix]}: publishes one image reference per image of the source, then exits.
 * The source is the first argument, else {@code BREEDLINE_INGEST_SOURCE}.
 *
 * <p>{@code ingest trigger} (or {@code BREEDLINE_INGEST_MODE=trigger}): runs until stopped, turning S3 event
 * notifications (MinIO Kafka notifications, SQS, webhooks; see {@link TriggerConfig}) into image references.
 *
 * <p>Exit codes: 0 every reference published; 1 the run failed (a send failed, an unexpected error); 2 the command,
 * the configuration or the source is wrong (missing folder, unknown scheme, no such bucket, access denied).
 */
public final class IngestApp {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String TRIGGER = "trigger";

    private static final String USAGE_TEXT = """
            Usage: ingest [FOLDER | s3://BUCKET/PREFIX]
                   ingest trigger
              Publishes one image reference per image (by extension) to the images topic.
              The source defaults to $BREEDLINE_INGEST_SOURCE. Kafka, topics and S3 come from BREEDLINE_* variables:
              BREEDLINE_KAFKA_BOOTSTRAP_SERVERS, BREEDLINE_TOPIC_IMAGES, BREEDLINE_S3_ENDPOINT, BREEDLINE_JOB_ID,
              BREEDLINE_INGEST_EXTENSIONS, BREEDLINE_INGEST_S3_PAGE_SIZE, BREEDLINE_INGEST_PROGRESS_INTERVAL,
              BREEDLINE_TOPIC_JOBS (compacted topic of job records, default breedline.jobs).
              'trigger' (or BREEDLINE_INGEST_MODE=trigger) runs until stopped, publishing a reference per S3 upload
              notified through BREEDLINE_TRIGGER_KAFKA_TOPIC (MinIO notify_kafka), BREEDLINE_TRIGGER_SQS_QUEUE_URL
              and/or a webhook on BREEDLINE_TRIGGER_HTTP_PORT (MinIO notify_webhook, SNS).""";

    private static final Logger log = LoggerFactory.getLogger(IngestApp.class);

    private IngestApp() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** What {@link #main} does, without exiting: for a launcher that runs ingest as one of its commands. */
    public static int execute(String[] args) {
        Settings settings = Settings.fromEnvironment();
        if (isTrigger(args, settings)) {
            String jobsTopic = jobsTopic(settings);
            return trigger(settings, System.err, config -> new TriggerService(config).recordingJobIn(jobsTopic).start());
        }
        Optional<OpsServer> ops;
        try {
            ops = batchOps(settings);
        } catch (ConfigException e) {
            System.err.println("ingest: configuration error: " + e.getMessage());
            return USAGE;
        }
        try {
            return batch(args, settings);
        } finally {
            ops.ifPresent(OpsServer::close);
        }
    }

    private static int batch(String[] args, Settings settings) {
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
            return run(args, settings, System.err, config -> {
                Ingestor ingestor = new Ingestor(config, ProgressReporter.forConsole(config.progressInterval()),
                        jobsTopic(settings));
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

    static boolean isTrigger(String[] args, Settings settings) {
        if (args.length > 0) {
            return args.length == 1 && args[0].equals(TRIGGER);
        }
        return settings.optional(TriggerConfig.MODE).map(m -> m.equalsIgnoreCase(TRIGGER)).orElse(false);
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

    /** Everything main does but the exit, for tests: returns the exit code. */
    static int run(String[] args, Settings settings, PrintStream err, Function<IngestConfig, Ingestor> ingestors) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            err.println(USAGE_TEXT);
            return OK;
        }
        if (args.length > 1) {
            err.println("ingest: expected one source, got " + args.length + " arguments");
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try {
            settings.optional(TriggerConfig.MODE).filter(m -> !m.equalsIgnoreCase("batch")).ifPresent(m -> {
                throw new ConfigException(TriggerConfig.MODE, m, "must be batch or trigger");
            });
            IngestConfig config = IngestConfig.from(settings);
            if (args.length == 1) {
                config = config.withSource(args[0]);
            }
            if (config.source().isEmpty()) {
                err.println("ingest: no source given: pass a folder or s3://bucket/prefix, or set " + IngestConfig.SOURCE);
                err.println(USAGE_TEXT);
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
