package io.breedline.cli.local;

import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Location;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.IngestSummary;
import io.breedline.ingest.Ingestor;
import io.breedline.ingest.progress.ProgressReporter;
import io.breedline.ingest.source.FolderSource;
import io.breedline.ingest.source.ImageExtensions;
import io.breedline.models.DemoModelCache;
import io.breedline.service.UserError;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.objects.FolderTarget;
import io.breedline.sink.s3.S3Target;
import io.breedline.sink.writer.TeeTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.sink.query.ResultRow;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    public LocalRunner(LabelOptions options, PrintStream out, PrintStream err, Settings environment) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public int run() throws Exception {
        String source = normaliseSource(options.source());
        // Before the broker and the model start (seconds): a folder without images is said at once.
        if (!S3Location.isS3(source) && countImages(Path.of(source)) == 0) {
            out.println("No images to label in " + source + " (looked for " + extensions() + ").");
            return 0;
        }
        Job job;
        if (options.verbose()) {
            job = runJob();
        } else {
            Path logFile = Files.createDirectories(outDir()).resolve(LogFile.NAME);
            err.println("Logs: " + logFile + " (--verbose shows them here)");
            try (LogFile logs = LogFile.open(logFile)) {
                job = runJob();
            }
        }
        IngestSummary summary = job.summary();
        if (summary.published() == 0) {
            out.println("No images found in " + job.source() + " ("
                    + ProgressReporter.skipped(summary.skipped(), summary.skippedBy()) + ").");
            return 0;
        }
        List<ResultRow> rows;
        try (JdbcResults results = new JdbcResults(JdbcTarget.sqlite(job.db()))) {
            rows = results.resultsForJob(job.jobId());
            new ResultPrinter(out).print(rows, job.source());
        }
        out.println();
        LabelOutcome outcome = LabelOutcome.of(job.jobId(), (int) summary.published(), rows);
        outcome.print(out, job.db(), ProgressReporter.skipped(summary.skipped(), summary.skippedBy()));
        // The sink is closed by now, so the last partial files are written.
        options.files().ifPresent(files -> new FilesNote(out).print(files, Topics.fromEnv(environment.asMap())));
        return outcome.exitCode();
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
        Path outDir = outDir();
        Files.createDirectories(outDir);
        Path db = outDir.resolve("labels.db");
        String model = options.model().orElseGet(() -> {
            DemoModelCache.warn(err);
            return DemoModelCache.ensureBuilt(err).toString();
        });

        try (LocalPipeline pipeline = LocalPipeline.start(options.partitions(), options.workers(),
                bootstrap -> settings(bootstrap, source, model, db), this::sinkConfig)) {
            Settings settings = settings(pipeline.bootstrapServers(), source, model, db);
            IngestSummary summary = new Ingestor(IngestConfig.from(settings)).run(source);
            if (summary.published() > 0) {
                try (JdbcResults results = new JdbcResults(JdbcTarget.sqlite(db))) {
                    new CompletionWaiter(results, options.stallTimeout(), err).await(summary.jobId(), summary.published());
                }
            }
            return new Job(source, summary, db);
        }
    }

    /** SQLite always (the table and the progress read it); the files beside it when --output asks for them. */
    private SinkConfig sinkConfig(SinkConfig config) {
        return options.files()
                .map(f -> config.withTarget(new TeeTarget(config.target(),
                        new FolderTarget(f.folder(), f.format(), S3Target.FLUSH_RECORDS_DEFAULT, S3Target.FLUSH_INTERVAL_DEFAULT))))
                .orElse(config);
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

    private Path outDir() {
        return options.outDir().toAbsolutePath().normalize();
    }

    private ImageExtensions extensions() {
        return IngestConfig.from(environment).extensions();
    }

    private long countImages(Path folder) {
        ImageExtensions images = extensions();
        long n = 0;
        for (var it = new FolderSource(folder).iterator(); it.hasNext(); ) {
            if (images.matches(it.next().uri())) {
                n++;
            }
        }
        return n;
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
}
