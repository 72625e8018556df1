package io.breedline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Schema;
import io.breedline.contracts.StageTimings;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.IngestSummary;
import io.breedline.ingest.Ingestor;
import io.breedline.ingest.ProgressListener;
import io.breedline.models.OracleModel;
import io.breedline.service.command.StatusCommand;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcResultWriter;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.inference.BreedModel;
import io.breedline.worker.inference.ForwardingBreedModel;
import io.breedline.worker.inference.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest records a job on the jobs topic, the sink's writer records outcomes in SQLite, and {@code status} run in
 * another JVM puts the two together.
 */
class StatusCommandIT {
    private static final TopicPartition PREDICTIONS = new TopicPartition("p", 0);
    private static final TopicPartition DEAD_LETTERS = new TopicPartition("d", 0);

    @TempDir Path tmp;

    @Test
    void statusFromAnotherProcessShowsDoneDeadAndRemainingThenExitsWhenTheJobCompletes() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        String images = Names.unique("images");
        String jobsTopic = Names.unique("jobs");
        Path root = Files.createDirectories(tmp.resolve("photos"));
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path file = Files.write(root.resolve("dog-" + i + ".jpg"), new byte[] {1, 2, 3});
            uris.add(file.toString());
        }
        Files.write(root.resolve("notes.txt"), new byte[] {1});
        IngestConfig config = IngestConfig.of(kafka.settings(), S3Settings.from(Settings.of(Map.of())))
                .withTopics(new Topics(images, images + ".predictions", images + ".dead"));

        IngestSummary summary = new Ingestor(config, ProgressListener.NONE, jobsTopic).run(root.toString());
        String job = summary.jobId();
        assertThat(summary.published()).isEqualTo(5);

        Path db = tmp.resolve("results.db");
        JdbcTarget target = JdbcTarget.sqlite(db);
        try (JdbcResultWriter writer = new JdbcResultWriter(target, Clock.systemUTC())) {
            writer.open();
            writer.write(List.of(
                    new PartitionBatch(PREDICTIONS, List.of(
                            ResultRecord.of(0, prediction(uris.get(0), job)),
                            ResultRecord.of(1, prediction(uris.get(1), job)),
                            ResultRecord.of(2, prediction(uris.get(2), job))), 3),
                    new PartitionBatch(DEAD_LETTERS, List.of(ResultRecord.of(0, deadLetter(uris.get(3), job))), 1)),
                    Instant.now());

            Run once = status(kafka, jobsTopic, job, "--once", "--db", db.toString());
            assertThat(once.code).as(once.toString()).isZero();
            assertThat(once.out).as(once.toString())
                    .contains("job=" + job + " state=LABELING published=5 done=3 dead=1 remaining=1 rate=");

            // Without --once it reports every interval while the job runs, and exits by itself once it is complete.
            Started watching = start(kafka, jobsTopic, job, "--interval", "1", "--db", "jdbc:sqlite:" + db);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(Files.readString(watching.out)).contains("state=LABELING"));
            assertThat(watching.process.isAlive()).isTrue();
            writer.write(List.of(new PartitionBatch(PREDICTIONS, List.of(ResultRecord.of(3, prediction(uris.get(4), job))), 4)),
                    Instant.now());
            Run watch = watching.finish();
            assertThat(watch.code).as(watch.toString()).isZero();
            assertThat(watch.out).as(watch.toString())
                    .contains("job=" + job + " state=COMPLETE published=5 done=4 dead=1 remaining=0")
                    .contains("eta=0s");
        }

        Run list = status(kafka, jobsTopic, null, "--db", db.toString());
        assertThat(list.code).as(list.toString()).isZero();
        String row = list.out.lines().filter(l -> l.startsWith(job)).findFirst().orElseThrow(() -> new AssertionError(list));
        assertThat(row.split("\\s+")).containsSequence("COMPLETE").endsWith("5", "4", "1", "0", "0", "1", "0"); // ... ALREADY 0, SKIPPED 1 (notes.txt), NOT-DOG 0
        assertThat(list.out).startsWith("JOB");

        Run missing = status(kafka, jobsTopic, "job-that-never-ran", "--once", "--db", db.toString());
        assertThat(missing.code).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err).contains("job 'job-that-never-ran' not found on the jobs topic '" + jobsTopic + "'");
    }

    /**
     * The real pipeline this time: ingest records a job of a folder of photos, a worker labels them with the colour
     * oracle, a sink writes to PostgreSQL, and {@code status} in another JVM follows it. The model lets two photos
     * through and holds the third until the test has seen the job half done, so the midway state is certain.
     */
    @Test
    void statusFromAnotherProcessFollowsARealPipelineMidwayAndToItsEnd() throws Exception {
        int photos = 6;
        int passing = 2;
        KafkaServer kafka = TestServers.kafka();
        SqlServer postgres = TestServers.postgres();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("status"));
        for (String t : List.of(topics.images(), topics.priority(), topics.predictions(), topics.deadLetters())) {
            kafka.createTopic(t, 2);
        }
        String jobsTopic = Names.unique("jobs");
        String jdbcUrl = postgres.createDatabase();
        Path folder = Files.createDirectories(tmp.resolve("pipeline"));
        for (int i = 0; i < photos; i++) {
            TestImages.write(folder, "dog-" + i + ".jpg", TestImages.jpeg(96, 64, OracleModel.colourOf(i), i, 10, 0.9f));
        }
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PRIORITY_ENV, topics.priority());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put(Topics.LABELED_ENV, topics.labeled());
        env.put("BREEDLINE_MODEL", OracleModel.build(tmp.resolve("oracle")).toString());
        env.put("BREEDLINE_GROUP_ID", Names.unique("workers"));
        env.put("BREEDLINE_MAX_BATCH_SIZE", "1"); // one photo per model call: the hold counts photos
        env.put("BREEDLINE_FILE_ROOTS", folder.toString());
        env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("sink"));
        env.put(JdbcTarget.URL, jdbcUrl);
        env.put(JdbcTarget.USER, postgres.user());
        env.put(JdbcTarget.PASSWORD, postgres.password());
        Settings settings = Settings.of(env);
        WorkerConfig workerConfig = WorkerConfig.from(settings);
        HeldModel model = new HeldModel(ModelLoader.load(workerConfig.model().spec(), 1, () -> null), passing);
        Map<String, String> statusEnv = Map.of(JdbcTarget.USER, postgres.user(), JdbcTarget.PASSWORD, postgres.password());

        try (ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
                Worker worker = new Worker(workerConfig, model);
                JdbcResults results = new JdbcResults(new JdbcTarget(jdbcUrl, postgres.user(), postgres.password()))) {
            sink.start();
            worker.start();
            IngestSummary summary = new Ingestor(IngestConfig.from(settings), ProgressListener.NONE, jobsTopic)
                    .run(folder.toString());
            String job = summary.jobId();
            assertThat(summary.published()).isEqualTo(photos);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(results.outcomesForJob(job).done()).isEqualTo(passing);
                assertThat(model.held()).as("the next photo waits in the model").isTrue();
            });

            Run midway = status(kafka, jobsTopic, job, statusEnv, "--once", "--db", jdbcUrl);
            assertThat(midway.code).as(midway.toString()).isZero();
            assertThat(midway.out).as(midway.toString()).contains("job=" + job + " state=LABELING published=" + photos
                    + " done=" + passing + " dead=0 remaining=" + (photos - passing) + " rate=");

            Started watching = start(kafka, jobsTopic, job, statusEnv, "--interval", "1", "--db", jdbcUrl);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(Files.readString(watching.out)).contains("state=LABELING published=" + photos + " done=" + passing));
            assertThat(watching.process.isAlive()).isTrue();
            model.letGo();
            Run watch = watching.finish();
            assertThat(watch.code).as(watch.toString()).isZero();
            assertThat(watch.out).as(watch.toString())
                    .contains("job=" + job + " state=COMPLETE published=" + photos + " done=" + photos + " dead=0 remaining=0")
                    .contains("eta=0s");
            assertThat(results.resultsForJob(job)).extracting(r -> r.topBreed())
                    .containsExactlyInAnyOrderElementsOf(OracleModel.labels().subList(0, photos));
            assertThat(worker.failure()).isEmpty();
        }
    }

    /**
     * {@code status --lanes} in another JVM reads the workers' group's lag on both lanes' topics: every record of a
     * topic the group never committed, the rest after its commits; each refresh gives the records committed per second.
     */
    @Test
    void lanesShowEachLanesLagForTheWorkersGroupAndItsRateAsOffsetsAreCommitted() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("lanes"));
        String group = Names.unique("lane-workers");
        kafka.createTopic(topics.images(), 2);
        kafka.createTopic(topics.priority(), 2);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
                KafkaConsumer<byte[], byte[]> committer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, group),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topics.images(), i % 2, null, new byte[] {1})).get();
            }
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topics.priority(), 0, null, new byte[] {1})).get();
            }
            // The group has taken 4 bulk records of partition 0 and none of the priority lane.
            committer.commitSync(Map.of(new TopicPartition(topics.images(), 0), new OffsetAndMetadata(4)));
            Map<String, String> env = Map.of(Topics.IMAGES_ENV, topics.images(), Topics.PRIORITY_ENV, topics.priority());

            Run once = status(kafka, "unused-jobs", null, env, "--lanes", "--once", "--group", group);

            assertThat(once.code).as(once.toString()).isZero();
            List<String> lines = once.out.lines().toList();
            assertThat(lines.get(1).split("\\s+")).as(once.toString()).containsExactly("priority", topics.priority(), "2", "3");
            assertThat(lines.get(2).split("\\s+")).as(once.toString()).containsExactly("bulk", topics.images(), "2", "6");
            assertThat(once.out).contains("consumer group " + group);

            Started watching = start(kafka, "unused-jobs", null, env, "--lanes", "--interval", "1", "--group", group);
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(Files.readString(watching.out)).contains("group=" + group + " priority.lag=3 "));
                committer.commitSync(Map.of(new TopicPartition(topics.priority(), 0), new OffsetAndMetadata(3),
                        new TopicPartition(topics.images(), 0), new OffsetAndMetadata(5)));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Files.readString(watching.out))
                        .containsPattern("(?m)priority\\.lag=0 priority\\.rate=(?!0\\.0 )[0-9.]+ bulk\\.lag=5 bulk\\.rate=(?!0\\.0$)[0-9.]+$"));
            } finally {
                watching.process.destroy();
                watching.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A real model that serves its warm-up call and then {@code passing} photos, and holds every photo after them until
     * {@link #letGo()}. Called from one thread at a time, as every model is.
     */
    private static final class HeldModel extends ForwardingBreedModel {
        private final Semaphore photos;
        private final AtomicBoolean warmedUp = new AtomicBoolean();
        private volatile boolean held;

        HeldModel(BreedModel model, int passing) {
            super(model);
            this.photos = new Semaphore(passing);
        }

        @Override
        public float[][] predict(float[] pixels, int n) throws Exception {
            if (warmedUp.compareAndSet(false, true)) {
                return model.predict(pixels, n);
            }
            if (!photos.tryAcquire(n)) {
                held = true;
                if (!photos.tryAcquire(n, 120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the model go on");
                }
            }
            return model.predict(pixels, n);
        }

        boolean held() {
            return held;
        }

        void letGo() {
            photos.release(1_000_000);
        }
    }

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private record Started(Process process, Path out, Path err) {
        Run finish() throws IOException, InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("status did not exit within 60 s: " + Files.readString(out) + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    private Run status(KafkaServer kafka, String jobsTopic, String job, String... options)
            throws IOException, InterruptedException {
        return status(kafka, jobsTopic, job, Map.of(), options);
    }

    private Run status(KafkaServer kafka, String jobsTopic, String job, Map<String, String> env, String... options)
            throws IOException, InterruptedException {
        return start(kafka, jobsTopic, job, env, options).finish();
    }

    private Started start(KafkaServer kafka, String jobsTopic, String job, String... options) throws IOException {
        return start(kafka, jobsTopic, job, Map.of(), options);
    }

    /** Starts {@code status} in its own JVM, as a user on another machine would, with {@code env} added. */
    private Started start(KafkaServer kafka, String jobsTopic, String job, Map<String, String> env, String... options)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), StatusCommand.class.getName()));
        if (job != null) {
            command.add(job);
        }
        command.addAll(List.of(options));
        command.addAll(List.of("--bootstrap", kafka.bootstrapServers()));
        Path out = Files.createTempFile(tmp, "status", ".out");
        Path err = Files.createTempFile(tmp, "status", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("BREEDLINE_TOPIC_JOBS", jobsTopic);
        pb.environment().remove("BREEDLINE_SINK_JDBC_URL");
        pb.environment().putAll(env);
        return new Started(pb.start(), out, err);
    }

    private static Prediction prediction(String uri, String job) {
        ImageRef ref = ImageRef.of(uri, null, null, 3L, job, Instant.now());
        return new Prediction(Schema.VERSION, ref.imageId(), uri, null, null, job, List.of(new BreedScore("pug", 3, 0.9)),
                "test-model", "v1", new StageTimings(1, 2, 3, 4, 8), "w1", Instant.now());
    }

    private static DeadLetter deadLetter(String uri, String job) {
        ImageRef ref = ImageRef.of(uri, null, null, 3L, job, Instant.now());
        return DeadLetter.forReference(ref, FailureStage.DECODE, "not an image", "java.io.IOException", false, "w1", Instant.now());
    }
}
