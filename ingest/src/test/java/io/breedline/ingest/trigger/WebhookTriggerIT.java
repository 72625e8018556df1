package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.breedline.testkit.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The webhook, as MinIO notify_webhook and SNS HTTP subscriptions call it, against real Kafka and S3. */
class WebhookTriggerIT {
    private static final KafkaServer kafka = TestServers.kafka();
    private static final S3Server s3 = TestServers.s3();
    private static final String TOKEN = "a-webhook-token-of-32-characters";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<URI> confirmed = new CopyOnWriteArrayList<>();
    private final SnsSigner sns = new SnsSigner();

    @Test
    void minioWebhookPostsAreAnsweredOnlyOnceTheirReferencesAreInKafka() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        Map<String, String> etags = Uploads.put(s3, bucket, S3Events.AWKWARD_KEYS);
        Topics topics = newTopics();

        try (TriggerService trigger = start(kafka.settings(), topics)) {
            int expected = 0;
            for (String key : S3Events.AWKWARD_KEYS) {
                HttpResponse<String> r = post(trigger, S3Events.minio(obj(bucket, key, etags)), "Bearer " + TOKEN, null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                expected++;
                // No waiting: a 200 means the reference is already durable in Kafka.
                assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).hasSize(expected);
            }
            assertThat(post(trigger, S3Events.minio(Obj.put(bucket, "dogs/a.txt", "e", 1)), "Bearer " + TOKEN, null)
                    .body()).startsWith("references 0, dead letters 0, skipped 1");
        }
        List<ImageRef> refs = Uploads.references(kafka.bootstrapServers(), topics.priority());
        assertThat(refs).extracting(ImageRef::uri).containsExactlyInAnyOrderElementsOf(
                S3Events.AWKWARD_KEYS.stream().map(k -> "s3://" + bucket + "/" + k).toList());
        Uploads.assertFetchBack(s3, refs, etags);
    }

    @Test
    void aMalformedPostIsDeadLetteredAndThePostsAfterItAreStillPublished() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        Map<String, String> etags = Uploads.put(s3, bucket, List.of("dogs/after.jpg"));
        Topics topics = newTopics();
        String malformed = "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"" + bucket + "/dogs/cut.jpg\",\"Records\":[";

        try (TriggerService trigger = start(kafka.settings(), topics)) {
            // Answered 200 once the dead letter is durable: MinIO must not retry a body that can never be read.
            HttpResponse<String> bad = post(trigger, malformed, "Bearer " + TOKEN, null);
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(200);
            assertThat(bad.body()).startsWith("references 0, dead letters 1");
            assertThat(Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters())).hasSize(1);

            HttpResponse<String> good = post(trigger, S3Events.minio(obj(bucket, "dogs/after.jpg", etags)), "Bearer " + TOKEN, null);
            assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
            assertThat(good.body()).startsWith("references 1, dead letters 0");
            assertThat(trigger.live()).isTrue();
        }
        List<ImageRef> refs = Uploads.references(kafka.bootstrapServers(), topics.priority());
        assertThat(refs).extracting(ImageRef::uri).containsExactly("s3://" + bucket + "/dogs/after.jpg");
        Uploads.assertFetchBack(s3, refs, etags);
        assertThat(Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters())).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo(FailureStage.PARSE);
            assertThat(d.imageId()).startsWith("raw:http:");
            assertThat(new String(java.util.Base64.getDecoder().decode(d.rawBase64()), StandardCharsets.UTF_8))
                    .isEqualTo(malformed);
        });
    }

    @Test
    void withoutTheTokenNothingIsPublished() throws Exception {
        Topics topics = newTopics();
        String body = S3Events.aws(Obj.put("b", "dogs/x.jpg", "e", 1));

        try (TriggerService trigger = start(kafka.settings(), topics)) {
            assertThat(post(trigger, body, null, null).statusCode()).isEqualTo(401);
            assertThat(post(trigger, body, "Bearer wrong-token-wrong-token-xx", null).statusCode()).isEqualTo(401);
            assertThat(post(trigger, body, null, "token=nope").statusCode()).isEqualTo(401);
            assertThat(get(trigger).statusCode()).as("MinIO's liveness probe").isEqualTo(200);
        }
        assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).isEmpty();
    }

    @Test
    void snsSubscriptionIsConfirmedOnlyForAnAllowedHostThenNotificationsFlow() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        Map<String, String> etags = Uploads.put(s3, bucket, List.of("dogs/sns dog.jpg"));
        Topics topics = newTopics();
        URI good = URI.create("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:1:photos&Token=2336412f37");

        try (TriggerService trigger = start(kafka.settings(), topics)) {
            for (String bad : List.of("http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
                    "https://169.254.169.254/latest/meta-data/", "https://sns.us-east-1.amazonaws.com.evil.example/")) {
                assertThat(postSns(trigger, "SubscriptionConfirmation", sns.sign(S3Events.subscriptionConfirmation(bad), "1"))
                        .statusCode()).as(bad).isEqualTo(403);
            }
            assertThat(confirmed).isEmpty();
            // Unsigned, the same confirmation is refused before its URL is looked at.
            assertThat(postSns(trigger, "SubscriptionConfirmation", S3Events.subscriptionConfirmation(good.toString()))
                    .statusCode()).isEqualTo(403);
            assertThat(confirmed).isEmpty();
            assertThat(postSns(trigger, "SubscriptionConfirmation",
                    sns.sign(S3Events.subscriptionConfirmation(good.toString()), "2")).statusCode()).isEqualTo(200);
            assertThat(confirmed).containsExactly(good);

            String event = S3Events.aws(obj(bucket, "dogs/sns dog.jpg", etags));
            assertThat(postSns(trigger, "Notification", sns.sign(S3Events.sns(event), "1")).statusCode()).isEqualTo(200);
            assertThat(postSns(trigger, "Notification", sns.sign(S3Events.sns(S3Events.testEvent(bucket)), "2"))
                    .statusCode()).isEqualTo(200);
            // A genuine signed test event whose Message is swapped for an upload event.
            com.fasterxml.jackson.databind.node.ObjectNode forged = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(sns.sign(S3Events.sns(S3Events.testEvent(bucket)), "2"));
            forged.put("Message", event);
            assertThat(postSns(trigger, "Notification", forged.toString()).statusCode()).as("a forged SNS message").isEqualTo(403);
            assertThat(postSns(trigger, "Notification", sns.sign(S3Events.sns("{\"Records\": 42}"), "2")).statusCode())
                    .isEqualTo(200);
        }
        assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).extracting(ImageRef::uri)
                .containsExactly("s3://" + bucket + "/dogs/sns dog.jpg");
        List<DeadLetter> dead = Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters());
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo(FailureStage.PARSE);
            assertThat(d.imageId()).startsWith("raw:http:");
            assertThat(d.reason()).contains("the SNS notification's Message: the notification has no Records array");
        });
    }

    @Test
    void whenKafkaDoesNotTakeTheReferencesTheSenderIsToldToRetry() throws Exception {
        KafkaSettings deadKafka = new KafkaSettings("127.0.0.1:1", Map.of("max.block.ms", "500"));

        try (TriggerService trigger = start(deadKafka, Topics.defaults())) {
            HttpResponse<String> r = post(trigger, S3Events.aws(Obj.put("b", "dogs/x.jpg", "e", 1)), "Bearer " + TOKEN, null);
            assertThat(r.statusCode()).isEqualTo(503);
        }
    }

    private TriggerService start(KafkaSettings kafkaSettings, Topics topics) {
        IngestConfig ingest = IngestConfig.of(kafkaSettings, s3.settings()).withTopics(topics);
        TriggerConfig config = TriggerConfig.of(ingest, Optional.empty(), Optional.empty(), Optional.of(0))
                .withToken(TOKEN);
        return new TriggerService(config, Clock.systemUTC(), c -> {
            throw new AssertionError("no SQS here");
        }, url -> {
            confirmed.add(url);
            return 200;
        }, sns.keys()).start();
    }

    private HttpResponse<String> post(TriggerService trigger, String body, String authorization, String query)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(trigger, query))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As SNS posts: its type in a header, the token as the Basic-auth password of the subscribed URL. */
    private HttpResponse<String> postSns(TriggerService trigger, String type, String body) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString(("sns:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(url(trigger, null))
                .header("x-amz-sns-message-type", type)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(TriggerService trigger) throws Exception {
        return http.send(HttpRequest.newBuilder(url(trigger, null)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(TriggerService trigger, String query) {
        return URI.create("http://127.0.0.1:" + trigger.httpPort() + "/minio/events" + (query == null ? "" : "?" + query));
    }

    private static Obj obj(String bucket, String key, Map<String, String> etags) {
        return Obj.put(bucket, key, etags.get(key), key.getBytes(StandardCharsets.UTF_8).length);
    }

    private static Topics newTopics() {
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("t"));
        kafka.createTopic(topics.images(), 3);
        kafka.createTopic(topics.priority(), 3);
        kafka.createTopic(topics.deadLetters(), 1);
        return topics;
    }
}
