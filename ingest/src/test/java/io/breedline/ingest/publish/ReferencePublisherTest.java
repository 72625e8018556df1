package io.breedline.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.ImageIds;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ReferencePublisherTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final ReferencePublisher publisher = new ReferencePublisher(producer, "images-t");

    @Test
    void aReferenceIsKeyedByImageIdWithItsJsonAsValue() throws Exception {
        ImageRef ref = ImageRef.of("/data/dogs/rex.jpg", null, null, 1234L, "job-1", NOW);

        publisher.publish(ref);

        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("images-t");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(ImageIds.forUri("/data/dogs/rex.jpg"));
        assertThat(Json.readImageRef(record.value())).isEqualTo(ref);
    }

    @Test
    void everySendIsCountedByItsOutcome() {
        for (int i = 0; i < 5; i++) {
            publisher.publish(ImageRef.of("/d/" + i + ".jpg", null, null, 1L, "job-1", NOW));
        }
        assertThat(publisher.sent()).isEqualTo(5);
        assertThat(publisher.acknowledged() + publisher.failed()).as("nothing answered yet").isZero();

        producer.completeNext();
        TimeoutException broken = new TimeoutException("Expiring 1 record(s)");
        producer.errorNext(broken);
        producer.errorNext(new TimeoutException("Expiring 1 record(s)"));
        publisher.flush(); // the mock completes the rest successfully

        assertThat(publisher.acknowledged()).isEqualTo(3);
        assertThat(publisher.failed()).isEqualTo(2);
        assertThat(publisher.firstFailure()).isSameAs(broken);
    }

    @Test
    void aSendThatThrowsCountsAsFailed() {
        producer.sendException = new org.apache.kafka.common.KafkaException("producer closed");

        publisher.publish(ImageRef.of("/d/x.jpg", null, null, 1L, "job-1", NOW));

        assertThat(publisher.failed()).isEqualTo(1);
        assertThat(publisher.firstFailure()).hasMessage("producer closed");
    }

    @Test
    void idempotenceAndAcksAllCannotBeTurnedOffButThroughputSettingsCanBeTuned() {
        KafkaSettings kafka = KafkaSettings.from(Settings.of(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "BREEDLINE_KAFKA_ACKS", "1",
                "BREEDLINE_KAFKA_ENABLE_IDEMPOTENCE", "false",
                "BREEDLINE_KAFKA_LINGER_MS", "50",
                "BREEDLINE_KAFKA_BUFFER_MEMORY", "8388608")));

        Map<String, Object> props = ReferencePublisher.producerProperties(kafka, "job-7");

        assertThat(props).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("linger.ms", "50")
                .containsEntry("buffer.memory", "8388608")
                .containsEntry("client.id", "breedline-ingest-job-7")
                .containsEntry("key.serializer", ByteArraySerializer.class.getName())
                .containsEntry("value.serializer", ByteArraySerializer.class.getName());
    }
}
