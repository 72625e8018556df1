package io.breedline.ingest.trigger;

import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import io.breedline.ingest.notify.NotificationTranslator;
import io.breedline.ingest.notify.Translation;
import io.breedline.ingest.publish.ReferencePublisher;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MinIO {@code notify_kafka} notifications: consumes the notification topic and, for each polled batch, publishes the
 * references and dead letters and commits the notification offsets in one Kafka transaction. A crash before the commit
 * aborts the transaction and the notifications are read again; after it, their offsets are committed: none is lost or
 * published twice.
 */
final class KafkaNotificationSource implements NotificationLoop {
    private static final Logger log = LoggerFactory.getLogger(KafkaNotificationSource.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Topics topics;
    private final Lane lane;
    private final NotificationTranslator translator;
    private final TriggerJob job;
    private volatile boolean stopRequested;
    private volatile boolean assigned;

    KafkaNotificationSource(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, String topic,
                            Topics topics, Lane lane, NotificationTranslator translator, TriggerJob job) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.lane = Objects.requireNonNull(lane, "lane");
        this.translator = Objects.requireNonNull(translator, "translator");
        this.job = Objects.requireNonNull(job, "job");
    }

    static KafkaNotificationSource create(TriggerConfig config, NotificationTranslator translator, TriggerJob job) {
        KafkaSettings kafka = config.ingest().kafka();
        Map<String, Object> consumerProps = new HashMap<>(kafka.common());
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "breedline-trigger-" + config.instanceId());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Uploads notified before the trigger's first start are still unlabeled: read the topic from its start.
        consumerProps.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Offsets are committed only inside the producer's transaction, with the references they produced.
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Object> producerProps = ReferencePublisher.producerProperties(kafka, "trigger-" + config.instanceId());
        // Fencing of a zombie instance rests on the consumer group metadata (KIP-447), so the id only has to be unique.
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "breedline-ingest-trigger-" + config.instanceId());
        return new KafkaNotificationSource(new KafkaConsumer<>(consumerProps), new KafkaProducer<>(producerProps),
                config.kafkaTopic().orElseThrow(), config.ingest().topics(), config.lane(), translator, job);
    }

    @Override
    public String name() {
        return "kafka:" + topic;
    }

    @Override
    public Optional<String> notConnected() {
        return assigned ? Optional.empty() : Optional.of(name() + ": not yet in its consumer group");
    }

    @Override
    public void run() throws InterruptedException {
        producer.initTransactions();
        // Connected, for readiness, once the group gave this instance the notification topic's partitions.
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned = true;
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                assigned = false;
            }
        });
        log.info("trigger reading MinIO notifications from topic {}", topic);
        try {
            while (!stopRequested) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                if (!records.isEmpty() && !publish(records)) {
                    Thread.sleep(RETRY_BACKOFF.toMillis());
                }
            }
        } catch (WakeupException e) {
            if (!stopRequested) {
                throw e;
            }
        }
    }

    /** One transaction for the batch; false when it was aborted and the batch will be read again. */
    private boolean publish(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        int references = 0;
        int deadLetters = 0;
        int skipped = 0;
        producer.beginTransaction();
        try {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                first.putIfAbsent(tp, r.offset());
                Translation t = translator.translate("kafka", r.topic() + "-" + r.partition() + "-" + r.offset(), r.value());
                TriggerRecords.of(t, topics, lane).forEach(producer::send);
                references += t.references().size();
                deadLetters += t.deadLetters().size();
                skipped += t.skipped();
                next.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            producer.commitTransaction();
            job.published(references);
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException | InvalidTopicException e) {
            // Another instance took over, or the broker refuses us: carrying on cannot succeed.
            throw e;
        } catch (KafkaException e) {
            log.warn("trigger transaction for {} notifications aborted, they will be read again: {}", records.count(),
                    e.toString());
            producer.abortTransaction();
            rewind(first);
            return false;
        }
        log.info("trigger published {} references, {} dead letters, skipped {} events from {} notifications",
                references, deadLetters, skipped, records.count());
        return true;
    }

    /** Back to the batch's first offsets, on the partitions this consumer still owns. */
    private void rewind(Map<TopicPartition, Long> first) {
        first.forEach((tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    @Override
    public void stop() {
        stopRequested = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        try {
            consumer.close();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
    }
}
