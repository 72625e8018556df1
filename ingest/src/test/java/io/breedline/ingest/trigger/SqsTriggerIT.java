package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Events;
import io.breedline.testkit.S3Events.Obj;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.SyntheticPhotos;
import io.breedline.testkit.TestServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** AWS S3 notifications through SQS (ElasticMQ, a real SQS server in-process), direct and SNS-wrapped. */
class SqsTriggerIT {
    private static final KafkaServer kafka = TestServers.kafka();
    private static final S3Server s3 = TestServers.s3();
    private static final Duration VISIBILITY = Duration.ofSeconds(5);
    private static SQSRestServer elasticmq;
    private static URI endpoint;

    @BeforeAll
    static void startSqs() {
        elasticmq = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
        endpoint = URI.create("http://127.0.0.1:" + elasticmq.waitUntilStarted().localAddress().getPort());
    }

    @AfterAll
    static void stopSqs() {
        if (elasticmq != null) {
            elasticmq.stopAndWait();
        }
    }

    @Test
    void directAndSnsWrappedNotificationsBecomeReferencesAndEveryMessageIsDeleted() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        List<String> keys = S3Events.AWKWARD_KEYS;
        Map<String, String> etags = Uploads.put(s3, bucket, keys);
        Topics topics = newTopics();
        String queueUrl = newQueue();

        List<String> bodies = new ArrayList<>();
        bodies.add(S3Events.testEvent(bucket));
        // Two objects in one message, one by itself, the rest wrapped in SNS envelopes.
        bodies.add(S3Events.aws(obj(bucket, keys.get(0), etags), obj(bucket, keys.get(1), etags)));
        bodies.add(S3Events.aws(obj(bucket, keys.get(2), etags)));
        for (String key : keys.subList(3, keys.size())) {
            bodies.add(S3Events.sns(S3Events.aws(obj(bucket, key, etags))));
        }
        bodies.add(S3Events.aws(Obj.put(bucket, "dogs/notes.txt", "t", 3), obj(bucket, keys.get(0), etags)
                .named("ObjectRemoved:Delete")));
        bodies.add("this is not JSON");
        try (SqsClient sqs = sqsClient()) {
            for (String body : bodies) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            }
        }

        // The process-wide registry the ops server would scrape: the SQS source must count what Kafka acknowledged.
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        String jobId;
        try (TriggerService trigger = TriggerService.withSqsClient(config(kafka.settings(), topics, queueUrl), c -> sqsClient())
                .start()) {
            jobId = trigger.jobId();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(messagesLeft(queueUrl)).isZero());
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(registry);
        }
        assertThat(registry.get("breedline.ingest.references.published").tag("job_id", jobId).counter().count())
                .as("references counted as published").isEqualTo(keys.size());

        List<ImageRef> refs = Uploads.references(kafka.bootstrapServers(), topics.priority());
        assertThat(refs).extracting(ImageRef::uri).containsExactlyInAnyOrderElementsOf(
                keys.stream().map(k -> "s3://" + bucket + "/" + k).toList());
        Uploads.assertFetchBack(s3, refs, etags);
        List<DeadLetter> dead = Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters());
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo(FailureStage.PARSE);
            assertThat(d.imageId()).startsWith("raw:sqs:");
            assertThat(new String(java.util.Base64.getDecoder().decode(d.rawBase64()), StandardCharsets.UTF_8))
                    .isEqualTo("this is not JSON");
        });
    }

    @Test
    void aMalformedMessageIsDeadLetteredAndDeletedAndTheMessagesAfterItAreStillPublished() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        Map<String, String> etags = Uploads.put(s3, bucket, List.of("dogs/after.jpg"));
        Topics topics = newTopics();
        String queueUrl = newQueue();
        String malformed = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":";
        try (SqsClient sqs = sqsClient()) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(malformed));
        }

        try (TriggerService trigger = TriggerService.withSqsClient(config(kafka.settings(), topics, queueUrl), c -> sqsClient())
                .start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters())).hasSize(1);
                assertThat(messagesLeft(queueUrl)).isZero();
            });
            // The trigger is still receiving: the next message's reference is published and the message deleted.
            try (SqsClient sqs = sqsClient()) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(S3Events.aws(obj(bucket, "dogs/after.jpg", etags))));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).hasSize(1);
                assertThat(messagesLeft(queueUrl)).isZero();
            });
            assertThat(trigger.live()).isTrue();
        }

        List<ImageRef> refs = Uploads.references(kafka.bootstrapServers(), topics.priority());
        assertThat(refs).extracting(ImageRef::uri).containsExactly("s3://" + bucket + "/dogs/after.jpg");
        Uploads.assertFetchBack(s3, refs, etags);
        assertThat(Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters())).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo(FailureStage.PARSE);
            assertThat(d.imageId()).startsWith("raw:sqs:");
            assertThat(new String(java.util.Base64.getDecoder().decode(d.rawBase64()), StandardCharsets.UTF_8))
                    .isEqualTo(malformed);
        });
    }

    @Test
    void aMessageWhoseReferencesKafkaDidNotTakeIsNotDeletedAndIsPublishedOnRedelivery() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        Map<String, String> etags = Uploads.put(s3, bucket, List.of("dogs/rex.jpg"));
        Topics topics = newTopics();
        String queueUrl = newQueue();
        try (SqsClient sqs = sqsClient()) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(S3Events.aws(obj(bucket, "dogs/rex.jpg", etags))));
        }
        // Nothing listens on port 1: every send fails once max.block.ms is over.
        KafkaSettings deadKafka = new KafkaSettings("127.0.0.1:1", Map.of("max.block.ms", "1000"));
        // The process-wide registry the ops server would scrape: only what Kafka acknowledged counts as published.
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        String failedJob;
        String jobId;
        try {
            try (TriggerService trigger = TriggerService.withSqsClient(config(deadKafka, topics, queueUrl), c -> sqsClient())
                    .start()) {
                failedJob = trigger.jobId();
                // Received (in flight) and then not deleted: it stays in the queue, hidden or visible again.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(inFlight(queueUrl)).isPositive());
            }
            assertThat(messagesLeft(queueUrl)).isEqualTo(1);

            try (TriggerService trigger = TriggerService.withSqsClient(config(kafka.settings(), topics, queueUrl), c -> sqsClient())
                    .start()) {
                jobId = trigger.jobId();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(messagesLeft(queueUrl)).isZero());
            }
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(registry);
        }
        assertThat(registry.find("breedline.ingest.references.published").tag("job_id", failedJob).counter())
                .as("nothing counted while Kafka refused the reference").isNull();
        assertThat(registry.get("breedline.ingest.references.published").tag("job_id", jobId).counter().count())
                .as("the reference counted once Kafka took it").isEqualTo(1);
        assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).extracting(ImageRef::uri)
                .containsExactly("s3://" + bucket + "/dogs/rex.jpg");
    }

    // A photo uploaded without its extension (IMG_0042), or under the wrong one, is read by its first bytes (a ranged
    // GET), as a prefix ingest does; a text file without one, and an object gone before it could be read, are skipped.
    @Test
    void keysWithoutAnImageExtensionAreReadByTheirFirstBytes() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("dogs/IMG_0042", image("jpg"));
        objects.put("dogs/scans/rex", image("png"));
        objects.put("dogs/photo.txt", image("jpg"));
        objects.put("dogs/README", "not a photo, although it has no extension".getBytes(StandardCharsets.UTF_8));
        objects.put("dogs/notes.txt", "nor is this".getBytes(StandardCharsets.UTF_8));
        List<Obj> events = new ArrayList<>();
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
            String etag = s3.client().putObject(b -> b.bucket(bucket).key(o.getKey()), RequestBody.fromBytes(o.getValue()))
                    .eTag().replace("\"", "");
            events.add(Obj.put(bucket, o.getKey(), etag, o.getValue().length));
        }
        events.add(Obj.put(bucket, "dogs/IMG_0043", "gone", 1000)); // deleted before the trigger read it
        Topics topics = newTopics();
        String queueUrl = newQueue();
        try (SqsClient sqs = sqsClient()) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(S3Events.aws(events.toArray(Obj[]::new))));
        }

        try (TriggerService trigger = TriggerService.withSqsClient(config(kafka.settings(), topics, queueUrl), c -> sqsClient())
                .start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(messagesLeft(queueUrl)).isZero());
        }
        List<ImageRef> refs = Uploads.references(kafka.bootstrapServers(), topics.priority());
        assertThat(refs).extracting(ImageRef::uri).containsExactlyInAnyOrder("s3://" + bucket + "/dogs/IMG_0042",
                "s3://" + bucket + "/dogs/scans/rex", "s3://" + bucket + "/dogs/photo.txt");
        assertThat(refs).allSatisfy(r -> assertThat(r.sizeBytes())
                .isEqualTo((long) objects.get(r.uri().substring(("s3://" + bucket + "/").length())).length));
        assertThat(Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters())).isEmpty();
    }

    private static byte[] image(String format) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(SyntheticPhotos.photo(64, 48, 1, false), format, out);
        return out.toByteArray();
    }

    private static Obj obj(String bucket, String key, Map<String, String> etags) {
        return Obj.put(bucket, key, etags.get(key), key.getBytes(StandardCharsets.UTF_8).length);
    }

    private static TriggerConfig config(KafkaSettings kafkaSettings, Topics topics, String queueUrl) {
        IngestConfig ingest = IngestConfig.of(kafkaSettings, s3.settings()).withTopics(topics);
        return TriggerConfig.of(ingest, Optional.empty(), Optional.of(queueUrl), Optional.empty())
                .withSqs(endpoint, "us-east-1", Duration.ofSeconds(1), VISIBILITY);
    }

    private static SqsClient sqsClient() {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .build();
    }

    private static String newQueue() {
        try (SqsClient sqs = sqsClient()) {
            return sqs.createQueue(b -> b.queueName(Names.unique("notifications"))).queueUrl();
        }
    }

    /** Messages visible or in flight: a deleted message is in neither. */
    private static int messagesLeft(String queueUrl) {
        try (SqsClient sqs = sqsClient()) {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
    }

    private static int inFlight(String queueUrl) {
        try (SqsClient sqs = sqsClient()) {
            return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
    }

    private static Topics newTopics() {
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("t"));
        kafka.createTopic(topics.images(), 3);
        kafka.createTopic(topics.priority(), 3);
        kafka.createTopic(topics.deadLetters(), 1);
        return topics;
    }
}
