package io.breedline.web;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.Topics;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.fetch.FileRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web application on the real pipeline for a test: Kafka from {@link TestServers}, a worker with the
 * {@link ColourModel}, the results sink and the web on one database (SQLite in {@code dir}, or a JDBC URL), local
 * photos readable under {@code dir/photos}.
 */
final class WebHarness implements AutoCloseable {
    final ColourModel model = new ColourModel();
    final Path dir;
    final Path photos;
    final String jdbcUrl;
    final Settings settings;
    private final Worker worker;
    private final ResultsSink sink;
    final WebApp app;

    WebHarness(Path dir, Map<String, String> extra) throws Exception {
        this(dir, "jdbc:sqlite:" + dir.resolve("labels.db"), extra);
    }

    WebHarness(Path dir, String jdbcUrl, Map<String, String> extra) throws Exception {
        this.dir = dir;
        this.photos = Files.createDirectories(dir.resolve("photos"));
        this.jdbcUrl = jdbcUrl;
        KafkaServer kafka = TestServers.kafka();
        Topics topics = new Topics(Names.unique("images"), Names.unique("predictions"), Names.unique("dead"),
                Names.unique("labeled"));
        kafka.createTopic(topics.images(), 1);
        kafka.createTopic(topics.predictions(), 1);
        kafka.createTopic(topics.deadLetters(), 1);
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put(Topics.LABELED_ENV, topics.labeled());
        env.put("BREEDLINE_GROUP_ID", Names.unique("workers"));
        env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("sink"));
        env.put("BREEDLINE_WORKER_ID", Names.unique("web-worker"));
        env.put("BREEDLINE_MODEL", "/unused/with/an/injected/model");
        env.put("BREEDLINE_MAX_BATCH_DELAY", "1ms");
        env.put("BREEDLINE_SINK_JDBC_URL", jdbcUrl);
        env.put("BREEDLINE_FILE_ROOTS", dir.resolve("uploads") + java.io.File.pathSeparator + photos);
        env.put(WebConfig.PORT, "0");
        env.put(WebConfig.UPLOAD_DIR, dir.resolve("uploads").toString());
        env.put(WebConfig.THUMBNAIL_DIR, dir.resolve("thumbnails").toString());
        env.put("BREEDLINE_DECODE_MODE", "exact");
        env.putAll(extra);
        settings = Settings.of(env);
        sink = new ResultsSink(SinkConfig.from(settings));
        sink.start();
        worker = new Worker(WorkerConfig.from(settings), model);
        worker.start();
        app = WebApp.start(WebConfig.from(settings), model.labels(), Optional.empty(), FileRoots.of(photos));
    }

    String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    @Override
    public void close() {
        app.close();
        worker.close();
        sink.close();
    }
}
