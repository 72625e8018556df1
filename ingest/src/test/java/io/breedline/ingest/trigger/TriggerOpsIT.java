package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.ops.OpsRegistry;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Events;
import io.breedline.testkit.S3Events.Obj;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestServers;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The trigger is ready once its Kafka source joined its group, and counts the references it publishes per job. */
class TriggerOpsIT {
    private static final KafkaServer kafka = TestServers.kafka();
    private static final S3Server s3 = TestServers.s3();

    @Test
    void readyWhenConnectedAndCountsReferencesPerJob() throws Exception {
        String bucket = Names.unique("photos");
        s3.createBucket(bucket);
        Map<String, String> etags = Uploads.put(s3, bucket, List.of("dogs/1.jpg", "dogs/2.jpg", "dogs/3.jpg"));
        String notifications = Names.unique("minio-events");
        kafka.createTopic(notifications, 1);
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("ops"));
        kafka.createTopic(topics.images(), 1);
        kafka.createTopic(topics.priority(), 1);
        IngestConfig ingest = IngestConfig.of(kafka.settings(), s3.settings()).withTopics(topics);
        TriggerConfig config = TriggerConfig.of(ingest, Optional.of(notifications), Optional.empty(), Optional.empty())
                .withGroupId(Names.unique("trigger"));

        try (OpsRegistry registry = new OpsRegistry("ingest")) {
            Metrics.addRegistry(registry.registry());
            TriggerService trigger = new TriggerService(config);
            try {
                assertThat(trigger.notReady()).contains("trigger: not started");
                trigger.start();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(trigger.notReady()).isEmpty());
                assertThat(trigger.live()).isTrue();

                send(notifications, etags.entrySet().stream()
                        .map(e -> S3Events.minio(Obj.put(bucket, e.getKey(), e.getValue(), 1))).toList());
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(registry.scrape())
                        .contains("breedline_ingest_references_published_total{job_id=\"" + trigger.jobId()
                                + "\",service=\"ingest\"} 3.0"));
            } finally {
                trigger.close();
                Metrics.removeRegistry(registry.registry());
            }
            assertThat(trigger.live()).isFalse();
            assertThat(trigger.notReady()).contains("trigger: stopped");
        }
    }

    private static void send(String topic, List<String> bodies) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String body : bodies) {
                p.send(new ProducerRecord<>(topic, body.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }
}
