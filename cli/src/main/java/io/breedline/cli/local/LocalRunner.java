package io.breedline.cli.local;

import io.breedline.cli.UserError;
import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Location;
import io.breedline.contracts.Topics;
import io.breedline.embedded.EmbeddedKafka;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.IngestSummary;
import io.breedline.ingest.Ingestor;
import io.breedline.ingest.progress.ProgressReporter;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.objects.FolderTarget;
import io.breedline.sink.s3.S3Target;
import io.breedline.sink.writer.TeeTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code ./breedline label}: the whole pipeline in one JVM. A real Kafka broker runs in-process; ingest, workers and
 * the sink are the same classes the separate services run, wired with the same configuration keys.
 */
public final class LocalRunner {
    private final LabelOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Settings environment;

    public LocalRunner(LabelOptions options, PrintStream out, PrintStream err) {
        this(options, out, err, Settings.fromEnvironment());
    }

    /** @param environment what the process environment would give (tests pass an S3 server's endpoint here) */
    LocalRunner(LabelOptions options, PrintStream out, PrintStream err, Settings environment) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public int run() throws Exception {
        Job job = runJob();
        IngestSummary summary = job.summary();
        if (summary.published() == 0) {
            out.println("No images found in " + job.source() + " ("
                    + ProgressReporter.skipped(summary.skipped(), summary.skippedBy()) + ").");
            return 0;
        }
        try (JdbcResults results = new JdbcResults(JdbcTarget.sqlite(job.db()))) {
            new ResultPrinter(out).print(results.resultsForJob(job.jobId()), job.source());
        }
        out.println();
        out.println("Job " + job.jobId() + ": " + summary.published() + " images, "
                + ProgressReporter.skipped(summary.skipped(), summary.skippedBy())
                + " (not images). Results in " + job.db());
        out.println("  sqlite3 " + job.db() + " \"SELECT uri, top_breed, top_probability FROM predictions WHERE job_id = '"
                + job.jobId() + "'\"");
        // The sink is closed by now, so the last partial files are written.
        options.files().ifPresent(files -> new FilesNote(out).print(files, Topics.fromEnv(environment.asMap())));
        return 0;
    }

    /**
     * One run of the pipeline over the source, until every published image has a prediction or a dead letter in the
     * results database (which stays). {@code ./breedline evaluate} runs its folders through this too.
     *
     * @param source the folder or s3:// prefix, normalised
     * @param summary what ingest published (nothing: nothing ran) and skipped
     */
    public record Job(String source, IngestSummary summary, Path db) {
        public String jobId() {
            return summary.jobId();
        }

        public long published() {
            return summary.published();
        }
    }

    public Job runJob() throws Exception {
        String source = normaliseSource(options.source());
        Path outDir = options.outDir().toAbsolutePath().normalize();
        Files.createDirectories(outDir);
        Path db = outDir.resolve("labels.db");
        String model = options.model().orElseGet(() -> {
            DemoModelCache.warn(err);
            return DemoModelCache.ensureBuilt(err).toString();
        });

        Path kafkaDir = Files.createTempDirectory("breedline-kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0)) {
            Settings settings = settings(kafka.bootstrapServers(), source, model, db);
            createTopics(kafka.bootstrapServers(), Topics.fromEnv(settings.asMap()));
            List<Worker> workers = new ArrayList<>();
            try (ResultsSink sink = new ResultsSink(sinkConfig(settings))) {
                sink.start();
                try {
                    for (int i = 0; i < options.workers(); i++) {
                        Worker w = startWorker(settings.with(Map.of("BREEDLINE_WORKER_ID", "local-" + i)));
                        workers.add(w);
                    }
                    IngestSummary summary = new Ingestor(IngestConfig.from(settings)).run(source);
                    if (summary.published() > 0) {
                        try (JdbcResults results = new JdbcResults(JdbcTarget.sqlite(db))) {
                            new CompletionWaiter(results, options.stallTimeout(), err).await(summary.jobId(), summary.published());
                        }
                    }
                    return new Job(source, summary, db);
                } finally {
                    for (Worker w : workers) {
                        w.close();
                    }
                }
            }
        } finally {
            deleteTree(kafkaDir);
        }
    }

    /** SQLite always (the table and the progress read it); the files beside it when --output asks for them. */
    private SinkConfig sinkConfig(Settings settings) {
        SinkConfig config = SinkConfig.from(settings);
        return options.files()
                .map(f -> config.withTarget(new TeeTarget(config.target(),
                        new FolderTarget(f.folder(), f.format(), S3Target.FLUSH_RECORDS_DEFAULT, S3Target.FLUSH_INTERVAL_DEFAULT))))
                .orElse(config);
    }

    /** A worker that cannot start (a model that does not fit, a GPU that is not there) is the user's to fix. */
    private static Worker startWorker(Settings settings) {
        WorkerConfig config = WorkerConfig.from(settings);
        Worker worker;
        try {
            worker = new Worker(config);
        } catch (RuntimeException e) {
            throw new UserError("the worker cannot start with model " + config.model().spec().model() + ": "
                    + e.getMessage(), e);
        }
        worker.start();
        return worker;
    }

    private Settings settings(String bootstrap, String source, String model, Path db) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        overrides.put("BREEDLINE_MODEL", model);
        options.labels().ifPresent(l -> overrides.put("BREEDLINE_LABELS", l.toAbsolutePath().toString()));
        overrides.put("BREEDLINE_MAX_BATCH_SIZE", Integer.toString(options.maxBatchSize()));
        overrides.put("BREEDLINE_MAX_BATCH_DELAY", options.maxBatchDelay().toMillis() + "ms");
        overrides.put("BREEDLINE_TOP_K", Integer.toString(options.topK()));
        overrides.put("BREEDLINE_DEVICE", options.device());
        overrides.put("BREEDLINE_SINK_JDBC_URL", "jdbc:sqlite:" + db);
        if (!S3Location.isS3(source)) {
            // The worker reads local files only under the folder being labeled.
            overrides.put("BREEDLINE_FILE_ROOTS", source);
        }
        // The environment still applies (S3 endpoint and AWS credentials for an s3:// source); flags win over it.
        return environment.with(overrides);
    }

    private void createTopics(String bootstrap, Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic(topics.images(), options.partitions(), (short) 1),
                    new NewTopic(topics.predictions(), options.partitions(), (short) 1),
                    new NewTopic(topics.deadLetters(), options.partitions(), (short) 1),
                    new NewTopic(topics.alreadyLabeled(), options.partitions(), (short) 1),
                    // The worker's de-duplication marks: compacted, partitioned exactly like the images topic.
                    new NewTopic(topics.labeled(), options.partitions(), (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
    }

    private static String normaliseSource(String source) {
        if (S3Location.isS3(source)) {
            S3Location.parse(source); // validates the bucket name
            return source;
        }
        Path p = Path.of(source).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new UserError(source + ": no such folder");
        }
        if (!Files.isDirectory(p)) {
            throw new UserError(source + ": not a folder (give a folder of photos or an s3://bucket/prefix)");
        }
        return p.toString();
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
