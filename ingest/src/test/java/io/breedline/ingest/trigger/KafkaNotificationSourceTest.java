package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import io.breedline.contracts.Json;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import io.breedline.ingest.notify.EventFilter;
import io.breedline.ingest.notify.NotificationTranslator;
import io.breedline.testkit.S3Events;
import io.breedline.testkit.S3Events.Obj;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The transaction around each batch: an aborted batch is read again, published once, committed once. */
class KafkaNotificationSourceTest {
    private static final String TOPIC = "minio-events";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final List<JobRecord> jobRecords = new java.util.ArrayList<>();
    private final TriggerJob job = TriggerJob.start("job", "trigger kafka:" + TOPIC, Clock.systemUTC(), jobRecords::add,
            java.time.Duration.ofHours(1));
    private final KafkaNotificationSource source = new KafkaNotificationSource(consumer, producer, TOPIC,
            Topics.defaults(), Lane.PRIORITY, new NotificationTranslator(EventFilter.images(), "job", "w", Clock.systemUTC()),
            job);

    @Test
    void anAbortedBatchIsReadAgainAndPublishedExactlyOnce() throws Exception {
        producer.commitTransactionException = new KafkaException("coordinator went away");
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            addNotifications();
        });
        // The broker hands the same records out again after the rewind.
        consumer.schedulePollTask(() -> {
            producer.commitTransactionException = null;
            addNotifications();
        });
        consumer.schedulePollTask(source::stop);

        source.run();

        assertThat(producer.commitCount()).isEqualTo(1);
        List<ProducerRecord<byte[], byte[]>> published = producer.history();
        assertThat(published).extracting(ProducerRecord::topic)
                .containsExactly(Topics.PRIORITY_DEFAULT, Topics.PRIORITY_DEFAULT, Topics.DEAD_LETTERS_DEFAULT);
        assertThat(Json.readImageRef(published.get(0).value()).uri()).isEqualTo("s3://photos/dogs/a b.jpg");
        assertThat(Json.readDeadLetter(published.get(2).value()).imageId()).isEqualTo("raw:kafka:minio-events-0-2");
        List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> offsets = producer.consumerGroupOffsetsHistory();
        assertThat(offsets).hasSize(1);
        assertThat(offsets.get(0).values().iterator().next()).containsEntry(TP, new OffsetAndMetadata(3));
        assertThat(job.published()).as("the aborted batch counted nothing, the committed one its two").isEqualTo(2);
        job.close();
        assertThat(jobRecords).extracting(JobRecord::state).containsExactly(JobState.STARTED, JobState.COMPLETE);
        assertThat(jobRecords.get(1).published()).isEqualTo(2);
    }

    @Test
    void aFencedProducerStopsTheSource() {
        producer.commitTransactionException = new ProducerFencedException("another instance took over");
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            addNotifications();
        });

        assertThatThrownBy(source::run).isInstanceOf(ProducerFencedException.class);
        assertThat(producer.history()).isEmpty();
    }

    private void addNotifications() {
        add(0, S3Events.minio(Obj.put("photos", "dogs/a b.jpg", "e1", 1)));
        add(1, S3Events.minio(Obj.put("photos", "dogs/c+d.png", "e2", 2)));
        add(2, "not an event");
    }

    private void add(long offset, String body) {
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, "k".getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8)));
    }
}
