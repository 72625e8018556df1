package io.breedline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.Topics;
import io.breedline.ingest.trigger.TriggerConfig;
import io.breedline.ingest.trigger.TriggerService;
import io.breedline.models.OracleModel;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An upload is labeled with no one running a command: objects with awkward keys are uploaded, MinIO-style
 * notifications (URL-encoded keys, keyed bucket/object) arrive on a Kafka topic, and the trigger, a worker and the sink
 * turn them into result rows found under the very same keys.
 */
class UploadTriggerEndToEndIT {
    private static final List<String> KEYS = List.of(
            "uploads/my dog.jpg",
            "uploads/a+b.jpg",
            "uploads/100% pure.jpg",
            "uploads/chien été 🐕.jpg",
            "uploads/deep/er/nest ed/x.jpg",
            "uploads/plain.jpg");

    @TempDir
    Path tmp;

    @Test
    void uploadsWithAwkwardKeysEndAsRowsUnderTheSameKeys() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("uploads");
        s3.createBucket(bucket);
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("trigger"));
        String notifications = Names.unique("s3-events");
        for (String t : List.of(topics.images(), topics.predictions(), topics.deadLetters(), notifications)) {
            kafka.createTopic(t, 2);
        }
        Path db = tmp.resolve("labels.db");
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put("BREEDLINE_MODEL", OracleModel.build(tmp.resolve("oracle")).toString());
        env.put("BREEDLINE_GROUP_ID", Names.unique("workers"));
        env.put("BREEDLINE_MAX_BATCH_DELAY", "50ms");
        env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("sink"));
        env.put(JdbcTarget.URL, "jdbc:sqlite:" + db);
        env.put(TriggerConfig.KAFKA_TOPIC, notifications);
        env.put(TriggerConfig.GROUP_ID, Names.unique("trigger"));
        Settings settings = Settings.of(env);

        Map<String, String> expectedLabel = new HashMap<>();
        try (ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
                Worker worker = new Worker(WorkerConfig.from(settings).withS3(s3.settings()));
                TriggerService trigger = new TriggerService(TriggerConfig.from(settings));
                KafkaProducer<String, String> minio = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new StringSerializer(), new StringSerializer())) {
            sink.start();
            worker.start();
            trigger.start();
            for (int i = 0; i < KEYS.size(); i++) {
                String key = KEYS.get(i);
                int cls = i % OracleModel.labels().size();
                byte[] jpeg = TestImages.jpeg(160, 120, OracleModel.colourOf(cls), i, 20, 0.9f);
                PutObjectResponse put = s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(jpeg));
                expectedLabel.put("s3://" + bucket + "/" + key, OracleModel.labels().get(cls));
                // As MinIO's notify_kafka sends it: keyed bucket/object, the key URL-encoded in the event.
                minio.send(new ProducerRecord<>(notifications, bucket + "/" + key,
                        minioEvent(bucket, key, put.eTag(), jpeg.length, i)));
            }
            minio.flush();

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(rows(db)).hasSize(KEYS.size()));
            assertThat(rows(db)).containsExactlyInAnyOrderEntriesOf(expectedLabel);
        }
    }

    private static String minioEvent(String bucket, String key, String etag, long size, int seq) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8); // space as '+', '+' as %2B, '/' as %2F
        String record = "{\"eventVersion\":\"2.0\",\"eventSource\":\"minio:s3\",\"awsRegion\":\"\","
                + "\"eventTime\":\"2026-11-26T12:00:00.000Z\",\"eventName\":\"s3:ObjectCreated:Put\","
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + bucket + "\"},"
                + "\"object\":{\"key\":\"" + encoded + "\",\"size\":" + size + ",\"eTag\":\"" + etag.replace("\"", "")
                + "\",\"contentType\":\"image/jpeg\",\"sequencer\":\"" + String.format("%016X", seq + 1) + "\"}}}";
        return "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"" + bucket + "/" + encoded + "\",\"Records\":[" + record + "]}";
    }

    private static Map<String, String> rows(Path db) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT uri, top_breed FROM predictions")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        } catch (java.sql.SQLException e) {
            return Map.of(); // the sink has not created its tables yet
        }
        return out;
    }
}
