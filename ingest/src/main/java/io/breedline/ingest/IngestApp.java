package io.breedline.ingest;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.ingest.progress.ProgressReporter;
import io.breedline.ingest.source.SourceException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code ingest [folder | s3://bucket/prefix]}: publishes one image reference per image of the source, then exits.
 * The source is the first argument, else {@code BREEDLINE_INGEST_SOURCE}.
 *
 * <p>Exit codes: 0 every reference published; 1 the run failed (a send failed, an unexpected error); 2 the command,
 * the configuration or the source is wrong (missing folder, unknown scheme, no such bucket, access denied).
 */
public final class IngestApp {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            Usage: ingest [FOLDER | s3://BUCKET/PREFIX]
              Publishes one image reference per image (by extension) to the images topic.
              The source defaults to $BREEDLINE_INGEST_SOURCE. Kafka, topics and S3 come from BREEDLINE_* variables:
              BREEDLINE_KAFKA_BOOTSTRAP_SERVERS, BREEDLINE_TOPIC_IMAGES, BREEDLINE_S3_ENDPOINT, BREEDLINE_JOB_ID,
              BREEDLINE_INGEST_EXTENSIONS, BREEDLINE_INGEST_S3_PAGE_SIZE, BREEDLINE_INGEST_PROGRESS_INTERVAL.""";

    private IngestApp() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** What {@link #main} does, without exiting: for a launcher that runs ingest as one of its commands. */
    public static int execute(String[] args) {
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
            return run(args, Settings.fromEnvironment(), System.err, config -> {
                Ingestor ingestor = new Ingestor(config, ProgressReporter.forConsole(config.progressInterval()));
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
