package io.breedline.e2e;

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
import io.breedline.testkit.S3Events;
import io.breedline.testkit.S3Events.Obj;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An upload is labeled with no one running a command: objects with awkward keys are uploaded, their notifications
 * reach the trigger through one of its sources, each in its real sender's format, and the trigger, a worker and the
 * sink turn them into result rows found under the very same keys:
 * <ul>
 *   <li>MinIO {@code notify_kafka}: keyed bucket/object, the key URL-encoded in the event, on a Kafka topic;
 *   <li>AWS S3 events on an SQS queue (ElasticMQ), directly or in an SNS envelope, the key form-encoded with '/' kept;
 *   <li>MinIO {@code notify_webhook}: the same body as notify_kafka POSTed with the trigger's token.
 * </ul>
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
    void minioKafkaNotificationsEndAsRowsUnderTheSameKeys() throws Exception {
        uploadsWithAwkwardKeysEndAsRowsUnderTheSameKeys(new MinioKafka(TestServers.kafka()));
    }

    @Test
    void awsNotificationsThroughSqsDirectOrInSnsEnvelopesEndAsRowsUnderTheSameKeys() throws Exception {
        uploadsWithAwkwardKeysEndAsRowsUnderTheSameKeys(new AwsSqs());
    }

    @Test
    void minioWebhookPostsEndAsRowsUnderTheSameKeys() throws Exception {
        uploadsWithAwkwardKeysEndAsRowsUnderTheSameKeys(new MinioWebhook());
    }

    /** The shared check: upload, notify through the source, await the rows, compare uri to label exactly. */
    private void uploadsWithAwkwardKeysEndAsRowsUnderTheSameKeys(Source source) throws Exception {
        try (source) {
            KafkaServer kafka = TestServers.kafka();
            S3Server s3 = TestServers.s3();
            String bucket = Names.unique("uploads");
            s3.createBucket(bucket);
            Topics topics = Topics.defaults().withSuffix("." + Names.unique("trigger"));
            for (String t : List.of(topics.images(), topics.priority(), topics.predictions(), topics.deadLetters())) {
                kafka.createTopic(t, 2);
            }
            Path db = tmp.resolve("labels.db");
            Map<String, String> env = new HashMap<>();
            env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put(Topics.IMAGES_ENV, topics.images());
            env.put(Topics.PRIORITY_ENV, topics.priority());
            env.put(Topics.PREDICTIONS_ENV, topics.predictions());
            env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
            env.put("BREEDLINE_MODEL", OracleModel.build(tmp.resolve("oracle")).toString());
            env.put("BREEDLINE_GROUP_ID", Names.unique("workers"));
            env.put("BREEDLINE_MAX_BATCH_DELAY", "50ms");
            env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("sink"));
            env.put(JdbcTarget.URL, "jdbc:sqlite:" + db);
            env.putAll(source.triggerEnv()); // this source's settings only: the trigger runs no other
            Settings settings = Settings.of(env);

            try (ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
                    Worker worker = new Worker(WorkerConfig.from(settings).withS3(s3.settings()));
                    TriggerService trigger = source.trigger(TriggerConfig.from(settings))) {
                sink.start();
                worker.start();
                trigger.start();
                List<Obj> uploads = new ArrayList<>();
                Map<String, String> expectedLabel = new HashMap<>();
                for (int i = 0; i < KEYS.size(); i++) {
                    String key = KEYS.get(i);
                    int cls = i % OracleModel.labels().size();
                    byte[] jpeg = TestImages.jpeg(160, 120, OracleModel.colourOf(cls), i, 20, 0.9f);
                    PutObjectResponse put = s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(jpeg));
                    uploads.add(Obj.put(bucket, key, put.eTag().replace("\"", ""), jpeg.length).sequencer(i + 1));
                    expectedLabel.put("s3://" + bucket + "/" + key, OracleModel.labels().get(cls));
                }
                source.deliver(trigger, uploads);

                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(rows(db)).hasSize(KEYS.size()));
                assertThat(rows(db)).containsExactlyInAnyOrderEntriesOf(expectedLabel);
                source.assertSettled();
            }
        }
    }

    /** How uploads reach the trigger: one notification source, configured alone, fed as its real sender feeds it. */
    private interface Source extends AutoCloseable {
        /** The trigger's settings (TriggerConfig's variables) that enable this source. */
        Map<String, String> triggerEnv();

        /** The trigger as the CLI builds it from those settings. */
        default TriggerService trigger(TriggerConfig config) {
            return new TriggerService(config);
        }

        /** Sends one notification per upload (the trigger is running). */
        void deliver(TriggerService trigger, List<Obj> uploads) throws Exception;

        /** What the source must show once every row is in. */
        default void assertSettled() {}

        @Override
        default void close() {}
    }

    /** MinIO's notify_kafka: records keyed bucket/object on the notification topic. */
    private static final class MinioKafka implements Source {
        private final KafkaServer kafka;
        private final String topic = Names.unique("s3-events");

        MinioKafka(KafkaServer kafka) {
            this.kafka = kafka;
            kafka.createTopic(topic, 2);
        }

        @Override
        public Map<String, String> triggerEnv() {
            return Map.of(TriggerConfig.KAFKA_TOPIC, topic, TriggerConfig.GROUP_ID, Names.unique("trigger"));
        }

        @Override
        public void deliver(TriggerService trigger, List<Obj> uploads) {
            try (KafkaProducer<String, String> minio = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (Obj u : uploads) {
                    minio.send(new ProducerRecord<>(topic, u.bucket() + "/" + u.key(), S3Events.minio(u)));
                }
                minio.flush();
            }
        }
    }

    /**
     * AWS S3 notifications on an SQS queue of a real SQS server (ElasticMQ): every other one wrapped in an SNS envelope,
     * as when S3 notifies an SNS topic the queue subscribes to (raw delivery off).
     */
    private static final class AwsSqs implements Source {
        private static final String REGION = "us-east-1";
        private final SQSRestServer elasticmq;
        private final URI endpoint;
        private final String queueUrl;

        AwsSqs() {
            elasticmq = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
            try {
                endpoint = URI.create("http://127.0.0.1:" + elasticmq.waitUntilStarted().localAddress().getPort());
                try (SqsClient sqs = client(endpoint, REGION)) {
                    queueUrl = sqs.createQueue(b -> b.queueName(Names.unique("s3-events"))).queueUrl();
                }
            } catch (RuntimeException e) {
                elasticmq.stopAndWait();
                throw e;
            }
        }

        @Override
        public Map<String, String> triggerEnv() {
            return Map.of(
                    TriggerConfig.SQS_QUEUE_URL, queueUrl,
                    TriggerConfig.SQS_ENDPOINT, endpoint.toString(),
                    TriggerConfig.SQS_REGION, REGION,
                    TriggerConfig.SQS_WAIT, "1s",
                    TriggerConfig.SQS_VISIBILITY_TIMEOUT, "30s");
        }

        /** ElasticMQ takes any credentials; endpoint and region are the ones the trigger read from its settings. */
        @Override
        public TriggerService trigger(TriggerConfig config) {
            return TriggerService.withSqsClient(config,
                    c -> client(c.sqsEndpoint().orElseThrow(), c.sqsRegion()));
        }

        @Override
        public void deliver(TriggerService trigger, List<Obj> uploads) {
            try (SqsClient sqs = client(endpoint, REGION)) {
                for (int i = 0; i < uploads.size(); i++) {
                    String event = S3Events.aws(uploads.get(i));
                    String body = i % 2 == 0 ? event : S3Events.sns(event);
                    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
                }
            }
        }

        /** Every message was deleted once its reference was published: none is left visible or in flight. */
        @Override
        public void assertSettled() {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(messagesLeft()).isZero());
        }

        private int messagesLeft() {
            try (SqsClient sqs = client(endpoint, REGION)) {
                Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            }
        }

        private static SqsClient client(URI endpoint, String region) {
            return SqsClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.of(region))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                    .build();
        }

        @Override
        public void close() {
            elasticmq.stopAndWait();
        }
    }

    /** MinIO's notify_webhook: each event POSTed with the auth_token as a Bearer token; 200 once it is in Kafka. */
    private static final class MinioWebhook implements Source {
        private static final String TOKEN = "an-end-to-end-webhook-token-0123";
        private final HttpClient http = HttpClient.newHttpClient();

        @Override
        public Map<String, String> triggerEnv() {
            return Map.of(
                    TriggerConfig.HTTP_PORT, "0",
                    TriggerConfig.HTTP_BIND, "127.0.0.1",
                    TriggerConfig.TOKEN, TOKEN);
        }

        @Override
        public void deliver(TriggerService trigger, List<Obj> uploads) throws Exception {
            URI url = URI.create("http://127.0.0.1:" + trigger.httpPort() + "/minio/events");
            for (Obj u : uploads) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(S3Events.minio(u), StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("webhook answer for %s: %s", u.key(), r.body()).isEqualTo(200);
                assertThat(r.body().strip()).as(u.key()).isEqualTo("references 1, dead letters 0, skipped 0");
            }
        }
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
