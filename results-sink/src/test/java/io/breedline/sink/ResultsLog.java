package io.breedline.sink;

import static org.awaitility.Awaitility.await;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Topics;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fresh prediction and dead-letter topics on the test Kafka, written the way workers write them (in transactions,
 * keyed by image id), plus the group-offset operations a replay needs.
 */
final class ResultsLog implements AutoCloseable {
    final Topics topics;
    final List<TopicPartition> partitions;
    private final KafkaServer kafka;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;

    ResultsLog(KafkaServer kafka, int predictionPartitions) {
        this.kafka = kafka;
        this.topics = Topics.defaults().withSuffix("." + Names.unique("it"));
        kafka.createTopic(topics.predictions(), predictionPartitions);
        kafka.createTopic(topics.deadLetters(), 1);
        this.partitions = new ArrayList<>();
        for (int p = 0; p < predictionPartitions; p++) {
            partitions.add(new TopicPartition(topics.predictions(), p));
        }
        partitions.add(new TopicPartition(topics.deadLetters(), 0));
        Properties props = new Properties();
        props.putAll(kafka.settings().common());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Names.unique("sink-it"));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        this.admin = kafka.admin();
    }

    /** Publishes the messages (predictions, dead letters, or raw bytes for the predictions topic) in one transaction. */
    void publish(List<?> messages) {
        producer.beginTransaction();
        send(messages);
        producer.commitTransaction();
    }

    /** Publishes and aborts: a read_committed consumer must never see these. */
    void publishAborted(List<?> messages) {
        producer.beginTransaction();
        send(messages);
        producer.flush();
        producer.abortTransaction();
    }

    private void send(List<?> messages) {
        for (Object m : messages) {
            if (m instanceof Prediction p) {
                producer.send(new ProducerRecord<>(topics.predictions(), key(p.imageId()), Json.write(p)));
            } else if (m instanceof DeadLetter d) {
                producer.send(new ProducerRecord<>(topics.deadLetters(), key(d.imageId()), Json.write(d)));
            } else {
                producer.send(new ProducerRecord<>(topics.predictions(), key("garbage"), (byte[]) m));
            }
        }
    }

    private static byte[] key(String imageId) {
        return imageId.getBytes(StandardCharsets.UTF_8);
    }

    Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    Map<TopicPartition, Long> committed(String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .forEach((tp, om) -> {
                    if (om != null) {
                        out.put(tp, om.offset());
                    }
                });
        return out;
    }

    /** Waits until the group has committed everything up to the end of every partition (empty ones need nothing). */
    void awaitAllCommitted(String group) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> allCommitted(group));
    }

    boolean allCommitted(String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> committed = committed(group);
        return endOffsets().entrySet().stream()
                .allMatch(e -> e.getValue() == 0 || e.getValue().equals(committed.get(e.getKey())));
    }

    /** Rewinds the (inactive) group to the start of every partition, as {@code kafka-consumer-groups --reset-offsets}. */
    void resetToEarliest(String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
        partitions.forEach(tp -> zero.put(tp, new OffsetAndMetadata(0)));
        // The group's last member may take a moment to leave; until then the group refuses the reset.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> {
                    admin.alterConsumerGroupOffsets(group, zero).all().get();
                    return true;
                });
    }

    KafkaServer kafka() {
        return kafka;
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
