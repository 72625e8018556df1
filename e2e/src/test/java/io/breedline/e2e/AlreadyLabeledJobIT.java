package io.breedline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.JobRecord;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.IngestSummary;
import io.breedline.ingest.Ingestor;
import io.breedline.ingest.ProgressListener;
import io.breedline.models.OracleModel;
import io.breedline.service.status.JobStatus;
import io.breedline.service.status.JobTopicReader;
import io.breedline.service.status.StatusFormat;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.sink.query.JobOutcomes;
import io.breedline.sink.query.ResultRow;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A backfill over objects an earlier job labeled: the worker skips them (same ETag, same model version), and the
 * notice it publishes for each makes the later job complete, with its images counted done and already labeled.
 * Real Kafka, real S3 (s3proxy), the colour-oracle model, a SQLite sink.
 */
class AlreadyLabeledJobIT {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path tmp;

    private final KafkaServer kafka = TestServers.kafka();
    private final S3Server s3 = TestServers.s3();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void aSecondJobOverLabeledObjectsCompletesWithEveryImageAlreadyLabeled() throws Exception {
        String bucket = Names.unique("backfill");
        s3.createBucket(bucket);
        List<String> labels = OracleModel.labels();
        int n = 4;
        for (int i = 0; i < n; i++) {
            byte[] jpeg = TestImages.jpeg(160, 120, OracleModel.colourOf(i % labels.size()), i, 20, 0.9f);
            s3.client().putObject(b -> b.bucket(bucket).key("dogs/" + java.util.UUID.randomUUID() + ".jpg"),
                    RequestBody.fromBytes(jpeg));
        }
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("skips"));
        for (String t : List.of(topics.images(), topics.priority(), topics.predictions(), topics.deadLetters())) {
            kafka.createTopic(t, 2);
        }
        kafka.createTopic(topics.labeled(), 2, Map.of("cleanup.policy", "compact"));
        // The already-labeled topic is not created here, as in a deployment that predates it: the worker creates it.
        String jobsTopic = Names.unique("jobs");
        Path db = tmp.resolve("labels.db");
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PRIORITY_ENV, topics.priority());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put(Topics.LABELED_ENV, topics.labeled());
        env.put("BREEDLINE_MODEL", OracleModel.build(tmp.resolve("oracle")).toString());
        env.put("BREEDLINE_MODEL_VERSION", "oracle-1");
        env.put("BREEDLINE_GROUP_ID", Names.unique("workers"));
        env.put("BREEDLINE_MAX_BATCH_DELAY", "50ms");
        env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("sink"));
        env.put(JdbcTarget.URL, "jdbc:sqlite:" + db);
        Settings settings = Settings.of(env);
        Worker worker = new Worker(WorkerConfig.from(settings).withS3(s3.settings()));
        running.add(worker);
        worker.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(admin.describeTopics(List.of(topics.alreadyLabeled()))
                    .allTopicNames().get().get(topics.alreadyLabeled()).partitions()).hasSize(2));
        }
        ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
        running.add(sink);
        sink.start();
        IngestConfig ingest = IngestConfig.from(settings).withS3(s3.settings());
        JdbcResults results = new JdbcResults(JdbcTarget.sqlite(db));
        running.add(results);

        IngestSummary first = new Ingestor(ingest, ProgressListener.NONE, jobsTopic).run("s3://" + bucket + "/dogs/");
        assertThat(first.published()).isEqualTo(n);
        await().atMost(WAIT).untilAsserted(() -> assertThat(results.outcomesForJob(first.jobId()).done()).isEqualTo(n));
        assertThat(results.outcomesForJob(first.jobId()).alreadyLabeled()).isZero();

        IngestSummary second = new Ingestor(ingest, ProgressListener.NONE, jobsTopic).run("s3://" + bucket + "/dogs/");
        assertThat(second.published()).isEqualTo(n);
        // What status reads: the job record from the jobs topic against the sink's counts.
        try (JobTopicReader jobs = new JobTopicReader(KafkaSettings.from(settings), jobsTopic, JobTopicReader.TIMEOUT_DEFAULT)) {
            await().atMost(WAIT).untilAsserted(() -> {
                jobs.refresh();
                JobRecord record = jobs.job(second.jobId()).orElseThrow();
                JobOutcomes outcomes = results.outcomesForJob(second.jobId());
                JobStatus status = new JobStatus(record, outcomes, Double.NaN, Optional.empty());
                assertThat(status.complete()).as(StatusFormat.plain(status)).isTrue();
                assertThat(status.remaining()).isZero();
                assertThat(status.done()).isEqualTo(n);
                assertThat(status.alreadyLabeled()).isEqualTo(n);
                assertThat(status.deadLettered()).isZero();
                assertThat(StatusFormat.plain(status)).contains("state=COMPLETE", "done=" + n, "already_labeled=" + n, "remaining=0");
            });
        }
        assertThat(worker.stats().duplicatesSkipped()).isEqualTo(n);
        assertThat(worker.stats().predictions()).isEqualTo(n);
        // The table of the second job: the labels the first job wrote, one row per image.
        List<ResultRow> rows = results.resultsForJob(second.jobId());
        assertThat(rows).hasSize(n).noneMatch(ResultRow::failed).allSatisfy(r -> assertThat(r.topBreed()).isNotNull());
        assertThat(rows).extracting(ResultRow::uri)
                .containsExactlyInAnyOrderElementsOf(results.resultsForJob(first.jobId()).stream().map(ResultRow::uri).toList());
        assertThat(results.countForJob(second.jobId())).isEqualTo(n);
    }
}
