package io.breedline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.IngestSummary;
import io.breedline.ingest.Ingestor;
import io.breedline.models.OracleModel;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The whole pipeline on real servers: 500 generated photos in an S3 bucket, ingest, two workers running the colour
 * oracle model, the sink writing to PostgreSQL. Every photo must come back with the label its own colour implies, and
 * exactly the photos broken on purpose must be dead letters.
 */
class PipelineEndToEndIT {
    private static final int GOOD = 500;

    @TempDir
    Path tmp;

    @Test
    void labelsFiveHundredPhotosFromS3IntoPostgres() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        S3Server s3 = TestServers.s3();
        SqlServer postgres = TestServers.postgres();

        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        Map<String, String> expectedLabel = uploadGoodPhotos(s3, bucket);
        Map<String, String> broken = uploadBrokenPhotos(s3, bucket);

        Topics topics = Topics.defaults().withSuffix("." + Names.unique("e2e"));
        for (String t : List.of(topics.images(), topics.priority(), topics.predictions(), topics.deadLetters())) {
            kafka.createTopic(t, 4);
        }
        String jdbcUrl = postgres.createDatabase();
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PRIORITY_ENV, topics.priority());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put("BREEDLINE_MODEL", OracleModel.build(tmp.resolve("oracle")).toString());
        env.put("BREEDLINE_GROUP_ID", Names.unique("workers"));
        env.put("BREEDLINE_MAX_BATCH_SIZE", "16");
        env.put("BREEDLINE_INGEST_S3_PAGE_SIZE", "100"); // several pages of listing
        env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("sink"));
        env.put(JdbcTarget.URL, jdbcUrl);
        env.put(JdbcTarget.USER, postgres.user());
        env.put(JdbcTarget.PASSWORD, postgres.password());
        Settings settings = Settings.of(env);

        JdbcTarget db = new JdbcTarget(jdbcUrl, postgres.user(), postgres.password());
        try (ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
                Worker w1 = new Worker(WorkerConfig.from(settings.with(Map.of("BREEDLINE_WORKER_ID", "e2e-1"))).withS3(s3.settings()));
                Worker w2 = new Worker(WorkerConfig.from(settings.with(Map.of("BREEDLINE_WORKER_ID", "e2e-2"))).withS3(s3.settings()));
                JdbcResults results = new JdbcResults(db)) {
            sink.start();
            w1.start();
            w2.start();

            IngestSummary summary = new Ingestor(IngestConfig.from(settings).withS3(s3.settings())).run("s3://" + bucket + "/archive/");
            assertThat(summary.published()).isEqualTo(GOOD + broken.size());

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> results.countForJob(summary.jobId()) >= GOOD + broken.size());

            try (Connection c = DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password())) {
                Map<String, String> labelled = query(c, "SELECT uri, top_breed FROM predictions WHERE job_id = ?", summary.jobId());
                assertThat(labelled).hasSize(GOOD);
                assertThat(labelled).containsExactlyInAnyOrderEntriesOf(expectedLabel);
                assertThat(count(c, "SELECT count(*) FROM predictions WHERE job_id = ?", summary.jobId()))
                        .as("one row per image, no duplicates").isEqualTo(GOOD);
                assertThat(count(c, "SELECT count(*) FROM prediction_breeds b JOIN predictions p "
                        + "ON p.image_id = b.image_id AND p.model_version = b.model_version WHERE p.job_id = ?", summary.jobId()))
                        .as("top-5 breeds per image, queryable in plain SQL").isEqualTo(GOOD * 5L);

                Map<String, String> dead = query(c, "SELECT uri, stage FROM dead_letters WHERE job_id = ?", summary.jobId());
                assertThat(dead.keySet()).containsExactlyInAnyOrderElementsOf(broken.keySet());
                Map<String, String> reasons = query(c, "SELECT uri, reason FROM dead_letters WHERE job_id = ?", summary.jobId());
                broken.forEach((uri, expectedWords) -> assertThat(reasons.get(uri)).as(uri).containsIgnoringCase(expectedWords));
            }
            assertThat(w1.failure()).isEmpty();
            assertThat(w2.failure()).isEmpty();
        }
    }

    /** Photos of the oracle's eight colours with noise, some under nested prefixes and with awkward key characters. */
    private static Map<String, String> uploadGoodPhotos(S3Server s3, String bucket) {
        Map<String, String> expected = new HashMap<>();
        List<String> labels = OracleModel.labels();
        for (int i = 0; i < GOOD; i++) {
            int cls = i % labels.size();
            String dir = i % 3 == 0 ? "archive/nested dir/" : i % 3 == 1 ? "archive/a+b/" : "archive/";
            String key = dir + "dog " + i + (i % 7 == 0 ? " é" : "") + ".jpg";
            int w = 200 + (i % 5) * 37;
            int h = 150 + (i % 4) * 29;
            byte[] jpeg = TestImages.jpeg(w, h, OracleModel.colourOf(cls), i, 30, 0.9f);
            s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(jpeg));
            expected.put("s3://" + bucket + "/" + key, labels.get(cls));
        }
        return expected;
    }

    /** Broken on purpose; the value is a word the dead letter's reason must contain. */
    private static Map<String, String> uploadBrokenPhotos(S3Server s3, String bucket) {
        Map<String, byte[]> files = new HashMap<>();
        files.put("archive/broken/empty.jpg", new byte[0]);
        files.put("archive/broken/truncated.jpg", TestImages.truncatedJpeg(300, 200, OracleModel.colourOf(1), 600));
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        files.put("archive/broken/random.jpg", noise);
        files.put("archive/broken/notes.jpg", "these are my notes, not a photo\n".getBytes(StandardCharsets.UTF_8));
        byte[] heic = new byte[64];
        System.arraycopy("\0\0\0\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1), 0, heic, 0, 12);
        files.put("archive/broken/iphone.jpg", heic);

        Map<String, String> words = Map.of(
                "archive/broken/empty.jpg", "empty",
                "archive/broken/truncated.jpg", "truncated",
                "archive/broken/random.jpg", "not an image",
                "archive/broken/notes.jpg", "not an image",
                "archive/broken/iphone.jpg", "HEIC");
        Map<String, String> expected = new HashMap<>();
        files.forEach((key, bytes) -> {
            s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
            expected.put("s3://" + bucket + "/" + key, words.get(key));
        });
        return expected;
    }

    private static Map<String, String> query(Connection c, String sql, String jobId) throws Exception {
        Map<String, String> out = new HashMap<>();
        List<String> dupes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (out.put(rs.getString(1), rs.getString(2)) != null) {
                        dupes.add(rs.getString(1));
                    }
                }
            }
        }
        assertThat(dupes).as("duplicate rows").isEmpty();
        return out;
    }

    private static long count(Connection c, String sql, String jobId) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
