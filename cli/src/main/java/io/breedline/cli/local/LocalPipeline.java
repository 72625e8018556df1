package io.breedline.cli.local;

import io.breedline.service.UserError;
import io.breedline.clients.config.Settings;
import io.breedline.contracts.Topics;
import io.breedline.embedded.EmbeddedKafka;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The pipeline in this JVM, as {@code ./breedline label} and {@code ./breedline web} run it: a real Kafka broker
 * in-process with the topics, the results sink and workers, all the same classes the separate services run. What
 * feeds the images topic (ingest, the web's uploads) is the caller's.
 */
public final class LocalPipeline implements AutoCloseable {
    private final Path kafkaDir;
    private final EmbeddedKafka kafka;
    private final List<AutoCloseable> running = new ArrayList<>();

    private LocalPipeline(Path kafkaDir, EmbeddedKafka kafka) {
        this.kafkaDir = kafkaDir;
        this.kafka = kafka;
    }

    /**
     * Starts the broker, then the sink and {@code workers} workers with the settings {@code configure} gives for the
     * broker's address.
     */
    public static LocalPipeline start(int partitions, int workers, Function<String, Settings> configure) throws Exception {
        return start(partitions, workers, configure, UnaryOperator.identity());
    }

    /** As above, with the sink's configuration adjusted by {@code sink} (label's files beside the database). */
    public static LocalPipeline start(int partitions, int workers, Function<String, Settings> configure,
            UnaryOperator<SinkConfig> sink) throws Exception {
        Path kafkaDir = Files.createTempDirectory("breedline-kafka");
        LocalPipeline pipeline;
        try {
            pipeline = new LocalPipeline(kafkaDir, EmbeddedKafka.start(kafkaDir, 0));
        } catch (Exception | Error e) {
            deleteTree(kafkaDir);
            throw e;
        }
        try {
            Settings settings = configure.apply(pipeline.bootstrapServers());
            createTopics(pipeline.bootstrapServers(), Topics.fromEnv(settings.asMap()), partitions);
            ResultsSink results = new ResultsSink(sink.apply(SinkConfig.from(settings)));
            pipeline.running.add(results);
            results.start();
            for (int i = 0; i < workers; i++) {
                pipeline.running.add(startWorker(settings.with(Map.of("BREEDLINE_WORKER_ID", "local-" + i))));
            }
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
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

    private static void createTopics(String bootstrap, Topics topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic(topics.images(), partitions, (short) 1),
                    // The priority lane (label's folder takes the bulk lane), partitioned exactly like the images topic.
                    new NewTopic(topics.priority(), partitions, (short) 1),
                    new NewTopic(topics.predictions(), partitions, (short) 1),
                    new NewTopic(topics.deadLetters(), partitions, (short) 1),
                    new NewTopic(topics.alreadyLabeled(), partitions, (short) 1),
                    // The worker's de-duplication marks: compacted, partitioned exactly like the images topic.
                    new NewTopic(topics.labeled(), partitions, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
    }

    /** Workers first (they stop taking images), then the sink, then the broker. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        try {
            kafka.close();
        } finally {
            deleteTree(kafkaDir);
        }
        if (first != null) {
            throw first;
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
