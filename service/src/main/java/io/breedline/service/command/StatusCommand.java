package io.breedline.service.command;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import io.breedline.contracts.JobTopic;
import io.breedline.service.UserError;
import io.breedline.contracts.Topics;
import io.breedline.service.status.JobStatus;
import io.breedline.service.status.LaneBacklog;
import io.breedline.service.status.LaneFormat;
import io.breedline.service.status.LaneLagReader;
import io.breedline.service.status.JobTopicReader;
import io.breedline.service.status.RateEstimator;
import io.breedline.service.status.StatusFormat;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.sink.query.JobOutcomes;
import io.breedline.worker.WorkerConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code status [JOB]}: how far a job is, from any process. Ingest's published count comes from the compacted jobs
 * topic, the done and dead-lettered counts from the sink's database; neither needs the JVM that ran the job.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a job's progress (done, dead-lettered, remaining, rate, ETA) until it completes,",
            "or list recent jobs when no JOB is given; with --lanes, each lane's backlog (the workers' consumer lag on",
            "the priority and bulk topics) and rate instead. Exit status: 0 complete (or --once), 1 the ingest run",
            "failed, 2 bad input (no such job, no database)."})
public final class StatusCommand implements Callable<Integer> {
    static final String DB_DEFAULT = "breedline-results/labels.db";
    static final Duration TERMINAL_REFRESH = Duration.ofSeconds(1);

    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "A job id, as ingest printed it.")
    String jobId;

    @Option(names = "--once", description = "Print the status once and exit.")
    boolean once;

    @Option(names = "--interval", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds between lines when not on a terminal (default: ${DEFAULT-VALUE}); a terminal redraws every second.")
    long intervalSeconds;

    @Option(names = "--db", paramLabel = "JDBC_URL|FILE",
            description = "The results database (default: BREEDLINE_SINK_JDBC_URL, else the label command's " + DB_DEFAULT + ").")
    String db;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: BREEDLINE_KAFKA_BOOTSTRAP_SERVERS, else localhost:9092).")
    String bootstrap;

    @Option(names = "--lanes", description = "Show each lane's backlog and rate for the workers' group, every interval"
            + " until interrupted (with --once: the table once).")
    boolean lanes;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "The workers' consumer group, for --lanes (default: BREEDLINE_GROUP_ID, else "
                    + WorkerConfig.GROUP_ID_DEFAULT + ").")
    String group;

    @Option(names = "--limit", defaultValue = "20", description = "Jobs listed without a JOB (default: ${DEFAULT-VALUE}).")
    int limit;

    /** Runs the command alone, with the same one-line error handling as {@code ./breedline}. */
    public static void main(String[] args) {
        int code = new CommandLine(new StatusCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof UserError || e instanceof ConfigException || e instanceof IllegalArgumentException) {
                        cmd.getErr().println("breedline: " + e.getMessage());
                        return 2;
                    }
                    e.printStackTrace(cmd.getErr());
                    return 1;
                })
                .execute(args);
        System.exit(code);
    }

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Override
    public Integer call() throws Exception {
        verbosity.apply();
        if (intervalSeconds < 1) {
            throw new UserError("--interval must be at least 1 second, got " + intervalSeconds);
        }
        Settings settings = Settings.fromEnvironment();
        KafkaSettings kafka = KafkaSettings.from(settings);
        if (bootstrap != null) {
            kafka = new KafkaSettings(bootstrap, kafka.clientProperties());
        }
        if (lanes) {
            return lanes(settings, kafka, System.out);
        }
        String topic = JobTopic.fromEnv(settings.asMap());
        JdbcTarget target = target(settings);
        try (JobTopicReader jobs = new JobTopicReader(kafka, topic, JobTopicReader.TIMEOUT_DEFAULT);
                JdbcResults results = new JdbcResults(target)) {
            refresh(jobs, kafka);
            if (jobId == null) {
                list(jobs, results, target, System.out);
                return 0;
            }
            return watch(jobs, kafka, results, target, System.out, System.console() != null);
        }
    }

    private int lanes(Settings settings, KafkaSettings kafka, PrintStream out) throws InterruptedException {
        if (jobId != null) {
            throw new UserError("--lanes shows the lanes of every job: give no JOB with it");
        }
        String workers = group != null ? group : settings.string(WorkerConfig.GROUP_ID, WorkerConfig.GROUP_ID_DEFAULT);
        Topics topics = Topics.fromEnv(settings.asMap());
        try (LaneLagReader reader = new LaneLagReader(kafka, workers, topics, JobTopicReader.TIMEOUT_DEFAULT)) {
            List<LaneBacklog> before = read(reader, kafka);
            out.print(LaneFormat.table(workers, before));
            out.flush();
            if (once) {
                return 0;
            }
            long at = System.nanoTime();
            while (true) {
                Thread.sleep(Duration.ofSeconds(intervalSeconds).toMillis());
                List<LaneBacklog> now = read(reader, kafka);
                long t = System.nanoTime();
                out.println(LaneFormat.line(workers, before, now, Duration.ofNanos(t - at)));
                out.flush();
                before = now;
                at = t;
            }
        }
    }

    private static List<LaneBacklog> read(LaneLagReader reader, KafkaSettings kafka) throws InterruptedException {
        try {
            return reader.read();
        } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
            throw new UserError("cannot read the lag of group '" + reader.group() + "' at " + kafka.bootstrapServers()
                    + ": " + e.getMessage(), e);
        }
    }

    private int watch(JobTopicReader jobs, KafkaSettings kafka, JdbcResults results, JdbcTarget target, PrintStream out,
                      boolean terminal) throws InterruptedException {
        RateEstimator rates = new RateEstimator(Clock.systemUTC());
        Duration pause = terminal ? TERMINAL_REFRESH : Duration.ofSeconds(intervalSeconds);
        int drawn = 0;
        while (true) {
            JobRecord job = jobs.job(jobId).orElseThrow(() -> new UserError("job '" + jobId + "' not found on the jobs topic '"
                    + jobs.topic() + "' at " + kafka.bootstrapServers() + " (./breedline status lists recent jobs)"));
            JobStatus status = rates.observe(job, outcomes(results, target));
            if (terminal) {
                String line = StatusFormat.bar(status);
                // Pad over the tail of a longer previous line.
                out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
                drawn = line.length();
            } else {
                out.println(StatusFormat.plain(status));
            }
            out.flush();
            if (once || status.complete()) {
                if (terminal) {
                    out.println();
                }
                return status.complete() && job.state() == JobState.FAILED ? 1 : 0;
            }
            Thread.sleep(pause.toMillis());
            refresh(jobs, kafka);
        }
    }

    private void list(JobTopicReader jobs, JdbcResults results, JdbcTarget target, PrintStream out) {
        List<JobRecord> recent = jobs.jobsNewestFirst();
        if (recent.isEmpty()) {
            out.println("no jobs on the jobs topic '" + jobs.topic() + "' yet: ./breedline ingest SOURCE starts one");
            return;
        }
        recent = recent.subList(0, Math.min(limit, recent.size()));
        Map<String, JobOutcomes> outcomes = new LinkedHashMap<>();
        for (JobRecord job : recent) {
            outcomes.put(job.jobId(), outcomes(results, target, job.jobId()));
        }
        out.print(StatusFormat.jobsTable(recent, outcomes));
    }

    private JobOutcomes outcomes(JdbcResults results, JdbcTarget target) {
        return outcomes(results, target, jobId);
    }

    private static JobOutcomes outcomes(JdbcResults results, JdbcTarget target, String job) {
        try {
            return results.outcomesForJob(job);
        } catch (SQLException e) {
            throw new UserError("cannot read the results database " + target.safeUrl() + ": " + e.getMessage(), e);
        }
    }

    private static void refresh(JobTopicReader jobs, KafkaSettings kafka) {
        try {
            jobs.refresh();
        } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
            throw new UserError("cannot read the jobs topic '" + jobs.topic() + "' at " + kafka.bootstrapServers() + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code --db} (a JDBC URL or a SQLite file), else the sink's variables, else the label command's database. */
    JdbcTarget target(Settings settings) {
        String user = settings.optional(JdbcTarget.USER).orElse(null);
        String password = settings.optional(JdbcTarget.PASSWORD).orElse(null);
        String url = db != null ? db : settings.optional(JdbcTarget.URL).orElse(DB_DEFAULT);
        if (!url.startsWith("jdbc:")) {
            url = "jdbc:sqlite:" + Path.of(url).toAbsolutePath();
        }
        JdbcTarget target = new JdbcTarget(url, user, password);
        if (url.startsWith("jdbc:sqlite:")) {
            // Reading would create an empty database; a wrong path deserves an error instead.
            Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", ""));
            if (!Files.isRegularFile(file)) {
                throw new UserError("no results database at " + file + ": give --db FILE|JDBC_URL or set " + JdbcTarget.URL);
            }
        }
        return target;
    }
}
