package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import io.breedline.contracts.Json;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.TopicRecords;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Events;
import io.breedline.testkit.S3Events.Obj;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** MinIO notify_kafka: real objects in S3, MinIO-format events on a real Kafka topic, references out. */
class KafkaTriggerIT {
    private static final KafkaServer kafka = TestServers.kafka();
    private static final S3Server s3 = TestServers.s3();

    @Test
    void minioEventsForAwkwardKeysBecomeReferencesThatFetchTheUploadedObjects() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        List<String> keys = new ArrayList<>(S3Events.AWKWARD_KEYS);
        Map<String, String> etags = Uploads.put(s3, bucket, keys);
        Uploads.put(s3, bucket, List.of("dogs/readme.txt"));
        String notifications = Names.unique("minio-events");
        kafka.createTopic(notifications, 2);
        Topics topics = newTopics();
        String group = Names.unique("trigger");

        List<String> bodies = new ArrayList<>();
        for (String key : keys) {
            bodies.add(S3Events.minio(Obj.put(bucket, key, etags.get(key), key.getBytes(StandardCharsets.UTF_8).length)));
        }
        bodies.add(S3Events.minio(Obj.put(bucket, "dogs/readme.txt", "x", 1)));
        bodies.add(S3Events.minio(Obj.put(bucket, keys.get(0), null, 0).named("s3:ObjectRemoved:Delete")));
        String malformed = "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"" + bucket + "/x.jpg\"}";
        bodies.add(malformed);
        send(notifications, bucket, bodies);

        String jobsTopic = Names.unique("jobs");
        String jobId;
        try (TriggerService trigger = new TriggerService(config(topics, notifications, group)).recordingJobIn(jobsTopic)
                .start()) {
            jobId = trigger.jobId();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).hasSize(keys.size()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(committed(group, notifications)).isEqualTo(endOffsets(notifications)));
        }
        // The run is a job that status can follow: its last record says what it published, and that it ended.
        List<JobRecord> jobs = new ArrayList<>();
        for (var r : TopicRecords.readCommitted(kafka.bootstrapServers(), jobsTopic)) {
            jobs.add(Json.read(r.value(), JobRecord.class));
        }
        assertThat(jobs).allSatisfy(j -> assertThat(j.jobId()).isEqualTo(jobId));
        assertThat(jobs.get(0).state()).isEqualTo(JobState.STARTED);
        assertThat(jobs).last().satisfies(j -> {
            assertThat(j.state()).isEqualTo(JobState.COMPLETE);
            assertThat(j.published()).isEqualTo(keys.size());
            assertThat(j.source()).isEqualTo("trigger kafka:" + notifications);
        });

        List<ImageRef> refs = Uploads.references(kafka.bootstrapServers(), topics.priority());
        assertThat(refs).extracting(ImageRef::uri).containsExactlyInAnyOrderElementsOf(
                keys.stream().map(k -> "s3://" + bucket + "/" + k).toList());
        Uploads.assertFetchBack(s3, refs, etags);
        List<DeadLetter> dead = Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).stage()).isEqualTo(FailureStage.PARSE);
        assertThat(dead.get(0).imageId()).matches("raw:kafka:" + notifications + "-[01]-\\d+");
        assertThat(new String(Base64.getDecoder().decode(dead.get(0).rawBase64()), StandardCharsets.UTF_8)).isEqualTo(malformed);
    }

    @Test
    void aMalformedNotificationIsDeadLetteredAndTheNotificationsAfterItAreStillPublished() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        Map<String, String> etags = Uploads.put(s3, bucket, List.of("dogs/after.jpg", "dogs/later.jpg"));
        // One partition: the malformed notification is read strictly before the valid ones.
        String notifications = Names.unique("minio-events");
        kafka.createTopic(notifications, 1);
        Topics topics = newTopics();
        String group = Names.unique("trigger");
        // Cut off mid-record, as a truncated write would leave it.
        String malformed = "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"" + bucket + "/dogs/cut.jpg\",\"Records\":[{\"s3\":";
        send(notifications, bucket, List.of(malformed, minio(bucket, "dogs/after.jpg", etags)));

        try (TriggerService trigger = new TriggerService(config(topics, notifications, group)).start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters())).hasSize(1);
                assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).extracting(ImageRef::uri)
                        .containsExactly("s3://" + bucket + "/dogs/after.jpg");
            });
            // The trigger is still running: a notification sent after the dead letter is published too.
            send(notifications, bucket, List.of(minio(bucket, "dogs/later.jpg", etags)));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).hasSize(2));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(committed(group, notifications)).isEqualTo(endOffsets(notifications)));
            assertThat(trigger.live()).isTrue();
            assertThat(trigger.published()).isEqualTo(2);
        }

        List<ImageRef> refs = Uploads.references(kafka.bootstrapServers(), topics.priority());
        assertThat(refs).extracting(ImageRef::uri)
                .containsExactlyInAnyOrder("s3://" + bucket + "/dogs/after.jpg", "s3://" + bucket + "/dogs/later.jpg");
        Uploads.assertFetchBack(s3, refs, etags);
        List<DeadLetter> dead = Uploads.deadLetters(kafka.bootstrapServers(), topics.deadLetters());
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo(FailureStage.PARSE);
            assertThat(d.imageId()).isEqualTo("raw:kafka:" + notifications + "-0-0");
            assertThat(new String(Base64.getDecoder().decode(d.rawBase64()), StandardCharsets.UTF_8)).isEqualTo(malformed);
        });
    }

    private static String minio(String bucket, String key, Map<String, String> etags) {
        return S3Events.minio(Obj.put(bucket, key, etags.get(key), key.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void aRestartedTriggerCarriesOnFromTheCommittedOffsetsWithoutRepeating() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        String notifications = Names.unique("minio-events");
        kafka.createTopic(notifications, 1);
        Topics topics = newTopics();
        String group = Names.unique("trigger");
        Map<String, String> first = Uploads.put(s3, bucket, List.of("a/1.jpg", "a/2.jpg"));
        send(notifications, bucket, first.entrySet().stream()
                .map(e -> S3Events.minio(Obj.put(bucket, e.getKey(), e.getValue(), e.getKey().length()))).toList());

        try (TriggerService trigger = new TriggerService(config(topics, notifications, group)).start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).hasSize(2));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(committed(group, notifications)).isEqualTo(endOffsets(notifications)));
        }
        Map<String, String> second = Uploads.put(s3, bucket, List.of("a/3.jpg"));
        send(notifications, bucket, List.of(S3Events.minio(Obj.put(bucket, "a/3.jpg", second.get("a/3.jpg"), 7))));

        try (TriggerService trigger = new TriggerService(config(topics, notifications, group)).start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(committed(group, notifications)).isEqualTo(endOffsets(notifications)));
        }

        assertThat(Uploads.references(kafka.bootstrapServers(), topics.priority())).extracting(ImageRef::uri)
                .containsExactlyInAnyOrder("s3://" + bucket + "/a/1.jpg", "s3://" + bucket + "/a/2.jpg",
                        "s3://" + bucket + "/a/3.jpg");
    }

    private static TriggerConfig config(Topics topics, String notifications, String group) {
        IngestConfig ingest = IngestConfig.of(kafka.settings(), s3.settings()).withTopics(topics);
        return TriggerConfig.of(ingest, Optional.of(notifications), Optional.empty(), Optional.empty()).withGroupId(group);
    }

    private static Topics newTopics() {
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("t"));
        kafka.createTopic(topics.images(), 3);
        kafka.createTopic(topics.priority(), 3);
        kafka.createTopic(topics.deadLetters(), 1);
        return topics;
    }

    /** As MinIO's Kafka target sends them: key = bucket/object (decoded), value = the event JSON. */
    private static void send(String topic, String bucket, List<String> bodies) throws Exception {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (String body : bodies) {
                String key = body.contains("\"Key\"") ? body.replaceAll(".*\"Key\":\"([^\"]*)\".*", "$1") : bucket;
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        body.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static Map<TopicPartition, Long> committed(String group, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> specs = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(specs).all().get().entrySet().stream()
                    .filter(e -> e.getValue().offset() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }
}
