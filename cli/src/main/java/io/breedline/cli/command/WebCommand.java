package io.breedline.cli.command;

import io.breedline.models.DemoModelCache;
import io.breedline.cli.local.LocalPipeline;
import io.breedline.service.status.JobTopicReader;
import io.breedline.service.status.LiveJobBoard;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.JobTopic;
import io.breedline.web.WebApp;
import io.breedline.web.WebConfig;
import io.breedline.web.jobs.DatabaseJobs;
import io.breedline.web.query.Database;
import io.breedline.web.query.LabeledFolders;
import io.breedline.worker.fetch.FileRoots;
import io.breedline.worker.inference.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./breedline web}: the web application on embedded defaults, like {@code label}: the results database
 * {@code label} writes, and uploads labeled by a pipeline in this JVM (embedded Kafka, a worker, the sink). With Kafka
 * configured it runs the service image's {@code web} ({@link io.breedline.service.command.WebCommand}).
 */
@Command(name = "web", mixinStandardHelpOptions = true,
        description = {"Serve the web application on 127.0.0.1: upload a photo, browse the results of earlier",
            "label runs as pictures, review the doubtful ones. Uploads run through a pipeline in this JVM",
            "(embedded Kafka, a worker and the sink) into the same results database.",
            "With BREEDLINE_KAFKA_BOOTSTRAP_SERVERS set it joins that deployment instead (BREEDLINE_* settings:",
            "its results database, BREEDLINE_WEB_UPLOAD_S3, ops endpoints on BREEDLINE_OPS_PORT, default 9403)."})
public final class WebCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT",
            description = "Port (default: BREEDLINE_WEB_PORT, else " + WebConfig.PORT_DEFAULT + "; 0: any free port).")
    Integer port;

    @Option(names = "--out", defaultValue = "breedline-results", paramLabel = "DIR",
            description = "The folder label writes to: labels.db is read, uploads/ written (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--model", paramLabel = "PATH",
            description = "A SavedModel for uploads (default: the built-in, UNTRAINED demo model, as label uses).")
    String model;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels file (default: labels.txt next to the model).")
    Path labels;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        Settings environment = Settings.fromEnvironment();
        if (environment.optional(KafkaSettings.PREFIX + "BOOTSTRAP_SERVERS").isPresent()) {
            // The service image's web command, as a deployment runs it.
            return io.breedline.service.command.WebCommand.joinDeployment(environment, Optional.ofNullable(port));
        }
        Path dir = out.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path db = dir.resolve("labels.db");
        Path uploads = dir.resolve("uploads");
        String modelPath = model != null ? model : demoModel();
        Settings env = Settings.fromEnvironment();
        try (LocalPipeline pipeline = LocalPipeline.start(1, 1, bootstrap -> workerSettings(env, bootstrap, modelPath, db, uploads))) {
            Map<String, String> web = new HashMap<>();
            web.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", pipeline.bootstrapServers());
            web.put("BREEDLINE_SINK_JDBC_URL", "jdbc:sqlite:" + db);
            web.put(WebConfig.UPLOAD_DIR, uploads.toString());
            if (port != null) {
                web.put(WebConfig.PORT, port.toString());
            }
            WebConfig config = WebConfig.from(env.with(web));
            FileRoots roots;
            try (Database database = new Database(config.database())) {
                roots = LabeledFolders.of(database);
            }
            // The jobs list as ./breedline status sees it: the jobs topic of this JVM's broker, then the database's jobs.
            JobTopicReader topic = new JobTopicReader(config.kafka(), JobTopic.fromEnv(env.asMap()), JobTopicReader.TIMEOUT_DEFAULT);
            try (LiveJobBoard jobs = new LiveJobBoard(topic, new DatabaseJobs(config.database()), Clock.systemUTC());
                    WebApp app = WebApp.start(config, breeds(modelPath), Optional.of(jobs), roots)) {
                System.out.println("Breedline web: " + app.url() + "  (results " + db + "; Ctrl-C stops)");
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "breedline-web-stop"));
                stop.await();
            }
        }
        return 0;
    }

    private String demoModel() {
        DemoModelCache.warn(System.err);
        return DemoModelCache.ensureBuilt(System.err).toString();
    }

    private Settings workerSettings(Settings env, String bootstrap, String modelPath, Path db, Path uploads) {
        Map<String, String> s = new HashMap<>();
        s.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        s.put("BREEDLINE_MODEL", modelPath);
        if (labels != null) {
            s.put("BREEDLINE_LABELS", labels.toAbsolutePath().toString());
        }
        s.put("BREEDLINE_DEVICE", device);
        s.put("BREEDLINE_SINK_JDBC_URL", "jdbc:sqlite:" + db);
        // The worker reads uploads and nothing else; one photo at a time, so no batch is waited for.
        s.put("BREEDLINE_FILE_ROOTS", uploads.toString());
        s.put("BREEDLINE_MAX_BATCH_DELAY", "1ms");
        s.put("BREEDLINE_MAX_BATCH_SIZE", "8");
        return env.with(s);
    }

    private List<String> breeds(String modelPath) {
        Path file = labels != null ? labels : Path.of(modelPath).resolve(Labels.FILE_NAME);
        return Files.isRegularFile(file) ? Labels.load(file) : List.of();
    }
}
