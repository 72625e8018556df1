package io.breedline.worker.dedup;

import io.breedline.contracts.Json;
import io.breedline.contracts.LabelMark;
import io.breedline.contracts.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the labeled topic with its own consumer: no group (the worker's group offsets are for the images topic),
 * {@code read_committed} (a mark counts only once its prediction is committed), and never creating the topic.
 */
public final class KafkaMarkSource implements MarkSource {
    private static final Logger log = LoggerFactory.getLogger(KafkaMarkSource.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final AtomicInteger READERS = new AtomicInteger();

    private final Map<String, Object> properties;
    private final Map<String, Object> common;
    private final String imagesTopic;
    private final String topic;
    private final String alreadyLabeledTopic;
    private final String priorityTopic;
    private final Duration timeout;
    private Consumer<byte[], byte[]> consumer;

    /** @param common the worker's Kafka client settings (bootstrap servers, security) */
    public KafkaMarkSource(Map<String, Object> common, String imagesTopic, String topic, Duration timeout) {
        this(common, imagesTopic, topic, null, timeout);
    }

    /** @param alreadyLabeledTopic the topic of skip notices, created by {@link #check()} when missing; null for none */
    public KafkaMarkSource(Map<String, Object> common, String imagesTopic, String topic, String alreadyLabeledTopic,
            Duration timeout) {
        this(common, imagesTopic, topic, alreadyLabeledTopic, null, timeout);
    }

    /**
     * @param priorityTopic the priority lane's topic, whose marks this topic holds too: {@link #check()} creates it when
     *     missing and refuses a partition count other than the images topic's; null to leave it alone
     */
    public KafkaMarkSource(Map<String, Object> common, String imagesTopic, String topic, String alreadyLabeledTopic,
            String priorityTopic, Duration timeout) {
        Map<String, Object> p = new HashMap<>();
        // Only what a consumer understands (producer settings in BREEDLINE_KAFKA_* would be logged as unknown).
        common.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k) || !ProducerConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        // Unique per reader: several workers in one JVM (the local runner) must not share a client id.
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "breedline-labeled-reader-" + READERS.incrementAndGet());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.properties = Map.copyOf(p);
        this.common = Map.copyOf(common);
        this.imagesTopic = imagesTopic;
        this.topic = topic;
        this.alreadyLabeledTopic = alreadyLabeledTopic;
        this.priorityTopic = priorityTopic;
        this.timeout = timeout;
    }

    @Override
    public void check() {
        LabeledTopic.ensure(common, imagesTopic, topic, alreadyLabeledTopic, priorityTopic, timeout);
    }

    @Override
    public void readToEnd(int partition, BiConsumer<String, LabelMark> sink) {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(properties); // on the poll thread, which alone uses it
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
        long deadline = System.nanoTime() + timeout.toNanos();
        int unreadable = 0;
        while (consumer.position(tp, timeout) < end) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("reading " + tp + " to offset " + end + " took longer than " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (r.key() == null) {
                    continue;
                }
                String imageId = new String(r.key(), StandardCharsets.UTF_8);
                LabelMark mark = null;
                if (r.value() != null) {
                    try {
                        mark = Json.read(r.value(), LabelMark.class);
                    } catch (MalformedMessageException e) {
                        unreadable++;
                    }
                }
                sink.accept(imageId, mark);
            }
        }
        if (unreadable > 0) {
            log.warn("{} unreadable records on {}; their images are not skipped", unreadable, tp);
        }
        consumer.assign(List.of());
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
