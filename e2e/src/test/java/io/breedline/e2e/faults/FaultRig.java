package io.breedline.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.Json;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.IngestSummary;
import io.breedline.ingest.Ingestor;
import io.breedline.models.OracleModel;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkApp;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestImages;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerApp;
import io.breedline.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What every fault test needs: its own topics, database and consumer groups on real servers, a folder of oracle-model
 * photos (some broken on purpose), the services' environment, and the checks of the promise: every submitted image
 * ends as exactly one result row or exactly one dead letter, and exactly one committed prediction in Kafka.
 *
 * <p>Traffic takes both lanes: a quarter of the photos (and of the broken files) is ingested on the priority topic,
 * after the rest has been queued on the images topic, so the faults hit workers serving uploads ahead of a backfill,
 * with batches and transactions carrying both topics.
 */
final class FaultRig implements AutoCloseable {
    static final String BROKEN_PREFIX = "broken-";
    // The folders each lane's share of the images is ingested from.
    private static final String BULK = "bulk";
    private static final String PRIORITY = "priority";

    final Path tmp;
    final KafkaServer kafka;
    final SqlServer postgres;
    final String jdbcUrl;
    final Topics topics;
    final Path model;
    final Path images;
    final String workerGroup = Names.unique("workers");
    final String sinkGroup = Names.unique("sink");
    private final String name;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private final List<ResultsSink> sinks = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private int good;
    private int broken;

    FaultRig(Path tmp, String name, KafkaServer kafka, SqlServer postgres, int partitions) throws Exception {
        this.tmp = tmp;
        this.name = name;
        this.kafka = kafka;
        this.postgres = postgres;
        this.jdbcUrl = postgres.createDatabase();
        this.topics = Topics.defaults().withSuffix("." + Names.unique(name));
        for (String t : List.of(topics.images(), topics.priority(), topics.predictions(), topics.deadLetters())) {
            kafka.createTopic(t, partitions);
        }
        this.model = OracleModel.build(tmp.resolve("oracle"));
        this.images = Files.createDirectories(tmp.resolve("images"));
        Files.createDirectories(images.resolve(BULK));
        Files.createDirectories(images.resolve(PRIORITY));
    }

    /** {@code good} photos of the oracle's colours, named after the label they must get, and {@code broken} non-photos. */
    void writeImages(int good, int broken) {
        this.good = good;
        this.broken = broken;
        List<String> labels = OracleModel.labels();
        byte[][] jpegs = new byte[labels.size()][];
        for (int c = 0; c < labels.size(); c++) {
            jpegs[c] = TestImages.jpeg(40, 30, OracleModel.colourOf(c));
        }
        for (int i = 0; i < good; i++) {
            int c = i % labels.size();
            TestImages.write(laneFolder(i), "img-" + i + "-" + labels.get(c) + ".jpg", jpegs[c]);
        }
        for (int i = 0; i < broken; i++) {
            byte[] bytes = i % 2 == 0 ? TestImages.notAnImage() : TestImages.truncatedJpeg(200, 150, OracleModel.colourOf(1), 300);
            TestImages.write(laneFolder(2 * i + 1), BROKEN_PREFIX + i + ".jpg", bytes);
        }
    }

    // Every fourth file takes the priority lane.
    private Path laneFolder(int i) {
        return images.resolve(i % 4 == 3 ? PRIORITY : BULK);
    }

    int submitted() {
        return good + broken;
    }

    Map<String, String> common() {
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PRIORITY_ENV, topics.priority());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        // Several services of one kind run on this host: each takes a free port for its metrics and health.
        env.put("BREEDLINE_OPS_PORT", "0");
        return env;
    }

    Map<String, String> workerEnv(String workerId) {
        Map<String, String> env = common();
        env.put("BREEDLINE_MODEL", model.toString());
        env.put("BREEDLINE_GROUP_ID", workerGroup);
        env.put("BREEDLINE_WORKER_ID", workerId);
        env.put("BREEDLINE_FILE_ROOTS", images.toString());
        env.put("BREEDLINE_MAX_BATCH_SIZE", "16");
        env.put("BREEDLINE_MAX_BATCH_DELAY", "50ms");
        env.put("BREEDLINE_FETCH_THREADS", "2");
        env.put("BREEDLINE_DECODE_THREADS", "1");
        // Two batches in the model at once: the faults then also hit batches waiting for an earlier one to publish.
        env.put("BREEDLINE_MODEL_STREAMS", "2");
        env.put("BREEDLINE_SHUTDOWN_TIMEOUT", "20s");
        // Session (6 s), heartbeats and transaction timeout (10 s) are the services' defaults: what an operator gets.
        return env;
    }

    Map<String, String> sinkEnv() {
        return sinkEnv(jdbcUrl);
    }

    Map<String, String> sinkEnv(String url) {
        Map<String, String> env = common();
        env.put("BREEDLINE_SINK_GROUP_ID", sinkGroup);
        env.put(JdbcTarget.URL, url);
        env.put(JdbcTarget.USER, postgres.user());
        env.put(JdbcTarget.PASSWORD, postgres.password());
        env.put("BREEDLINE_SINK_MAX_POLL_RECORDS", "200");
        env.put("BREEDLINE_SINK_RETRY_BACKOFF_MAX", "2s");
        return env;
    }

    ServiceProcess startWorkerProcess(String workerId, Map<String, String> extra) {
        Map<String, String> env = workerEnv(workerId);
        env.putAll(extra);
        return track(ServiceProcess.start("worker-" + workerId, WorkerApp.class, env, logDir()));
    }

    ServiceProcess startSinkProcess(Map<String, String> extra) {
        Map<String, String> env = sinkEnv();
        env.putAll(extra);
        return track(ServiceProcess.start("sink", SinkApp.class, env, logDir()));
    }

    Worker inProcessWorker(String workerId) {
        Worker w = new Worker(WorkerConfig.from(Settings.of(workerEnv(workerId))));
        workers.add(w);
        return w;
    }

    ResultsSink inProcessSink(Map<String, String> env) {
        ResultsSink s = new ResultsSink(SinkConfig.from(Settings.of(env)));
        sinks.add(s);
        return s;
    }

    private ServiceProcess track(ServiceProcess p) {
        processes.add(p);
        return p;
    }

    private Path logDir() {
        return Path.of("target", "faults", name);
    }

    /** One job on both lanes: the bulk share queued first, then the priority share. */
    IngestSummary ingest() {
        Map<String, String> env = common();
        env.put(IngestConfig.PROGRESS_INTERVAL, "1h");
        IngestConfig config = IngestConfig.from(Settings.of(env));
        IngestSummary bulk = new Ingestor(config).run(images.resolve(BULK).toString());
        IngestSummary priority = new Ingestor(config.withJobId(bulk.jobId()).withLane(Lane.PRIORITY))
                .run(images.resolve(PRIORITY).toString());
        assertThat(priority.published()).as("references on the priority lane").isPositive();
        assertThat(bulk.published() + priority.published()).isEqualTo(submitted());
        return bulk;
    }

    /** Rows plus dead letters of the job in the database. */
    /** The images-topic partitions the worker group member with this worker id (its static member id) owns. */
    Set<TopicPartition> partitionsOf(String workerId) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.describeConsumerGroups(List.of(workerGroup)).describedGroups().get(workerGroup)
                    .get(30, TimeUnit.SECONDS).members().stream()
                    .filter(m -> m.groupInstanceId().filter(workerId::equals).isPresent())
                    .flatMap(m -> m.assignment().topicPartitions().stream())
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /** The worker group's committed offsets on the images topic (partitions without one are absent). */
    Map<TopicPartition, Long> workerCommitted() throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(workerGroup).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((tp, o) -> {
                        if (o != null && tp.topic().equals(topics.images())) {
                            out.put(tp, o.offset());
                        }
                    });
            return out;
        }
    }

    /** The images topic's end offsets. */
    Map<TopicPartition, Long> imagesEnd() throws Exception {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> tps = c.partitionsFor(topics.images()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return c.endOffsets(tps);
        }
    }

    long stored(String jobId) throws Exception {
        return count("SELECT (SELECT count(*) FROM predictions WHERE job_id = ?) + (SELECT count(*) FROM dead_letters WHERE job_id = ?)",
                jobId, jobId);
    }

    long rows(String jobId) throws Exception {
        return count("SELECT count(*) FROM predictions WHERE job_id = ?", jobId);
    }

    /**
     * Waits until the job has {@code atLeast} rows plus dead letters. Fails at once when an in-process worker or sink of
     * this rig stopped on an error (a timeout would hide it), and on a timeout says what every service was doing.
     */
    void awaitStored(String jobId, long atLeast, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        failIfAServiceStopped();
                        return stored(jobId) >= atLeast;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited " + timeout + " for " + atLeast + " stored results of job " + jobId + "; "
                    + diagnosis(jobId), e);
        }
        failIfAServiceStopped();
    }

    private void failIfAServiceStopped() {
        for (Worker w : workers) {
            w.failure().ifPresent(t -> {
                throw new AssertionError("worker " + w.workerId() + " stopped on an error: " + t, t);
            });
        }
        for (ResultsSink s : sinks) {
            s.failure().ifPresent(t -> {
                throw new AssertionError("the sink stopped on an error: " + t, t);
            });
        }
    }

    // What a test that timed out needs to be understood from its log alone.
    private String diagnosis(String jobId) {
        StringBuilder d = new StringBuilder();
        try {
            d.append("stored ").append(stored(jobId));
        } catch (Exception e) {
            d.append("stored: unknown (").append(e).append(')');
        }
        for (Worker w : workers) {
            d.append("; worker ").append(w.workerId()).append(w.isRunning() ? " running: " : " stopped: ").append(w.stats());
        }
        for (ResultsSink s : sinks) {
            d.append("; sink ").append(s.isRunning() ? "running" : "stopped").append(", not ready: ").append(s.notReady());
        }
        try (Admin admin = kafka.admin()) {
            d.append("; sink group offsets ").append(admin.listConsumerGroupOffsets(sinkGroup)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS));
            d.append("; worker group offsets ").append(admin.listConsumerGroupOffsets(workerGroup)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            d.append("; group offsets unknown (").append(e).append(')');
        }
        d.append("\nthreads:");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("breedline") || thread.getName().startsWith("kafka")) {
                d.append("\n  ").append(thread.getName()).append(' ').append(thread.getState());
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    d.append("\n      at ").append(stack[i]);
                }
            }
        });
        return d.toString();
    }

    /**
     * Checks the promise for a finished job and prints the summary line.
     *
     * @return the figures, for tests that add their own
     */
    Figures verify(String test, String jobId, int kills) throws Exception {
        long rows = rows(jobId);
        long distinct = count("SELECT count(DISTINCT image_id) FROM predictions WHERE job_id = ?", jobId);
        List<String> wrong = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT uri, top_breed FROM predictions WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String uri = rs.getString(1);
                    String file = uri.substring(uri.lastIndexOf('/') + 1);
                    String expected = file.substring(file.lastIndexOf('-') + 1, file.length() - ".jpg".length());
                    if (!expected.equals(rs.getString(2))) {
                        wrong.add(file + " labelled " + rs.getString(2));
                    }
                }
            }
        }
        Set<String> deadUris = new HashSet<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT uri FROM dead_letters WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deadUris.add(rs.getString(1));
                }
            }
        }
        Map<List<String>, Integer> committed = committedPredictions();
        long duplicatesInKafka = committed.values().stream().filter(n -> n > 1).count();
        Figures f = new Figures(submitted(), rows, deadUris.size(), (rows - distinct) + duplicatesInKafka,
                Math.max(0, submitted() - rows - deadUris.size()), kills, elapsedSeconds());
        System.out.println(f.line(test));

        assertThat(wrong).as("images labelled with another image's label").isEmpty();
        assertThat(rows).as("one row per good image").isEqualTo(good);
        assertThat(distinct).as("distinct image ids").isEqualTo(good);
        assertThat(deadUris).as("dead letters are exactly the broken-on-purpose files").hasSize(broken)
                .allMatch(uri -> uri.substring(uri.lastIndexOf('/') + 1).startsWith(BROKEN_PREFIX));
        assertThat(committed).as("committed predictions in Kafka (read_committed)").hasSize(good);
        assertThat(duplicatesInKafka).as("images with two committed predictions for one model version").isZero();
        return f;
    }

    record Figures(long submitted, long rows, long deadLetters, long duplicates, long lost, int kills, long elapsedSeconds) {
        String line(String test) {
            return "RELIABILITY " + test + ": submitted=" + submitted + " rows=" + rows + " deadLetters=" + deadLetters
                    + " duplicates=" + duplicates + " lost=" + lost + " kills=" + kills + " elapsed=" + elapsedSeconds + "s";
        }
    }

    /** Per (image id, model version), how many predictions a read_committed reader sees in the predictions topic. */
    Map<List<String>, Integer> committedPredictions() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<List<String>, Integer> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topics.predictions())) {
                tps.add(new TopicPartition(info.topic(), info.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps); // the last stable offsets, for read_committed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the predictions topic to its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    Prediction pr = Json.readPrediction(r.value());
                    counts.merge(List.of(pr.imageId(), pr.modelVersion()), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The offsets the sink group committed, summed over the topics it reads. */
    long sinkCommittedOffsets() throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(sinkGroup).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
    }

    private long count(String sql, String... params) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the sink has not created its tables yet
            }
            throw e;
        }
    }

    long elapsedSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        processes.forEach(ServiceProcess::close);
    }
}
