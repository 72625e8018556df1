package io.breedline.ingest.publish;

import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.JobRecord;
import io.breedline.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes image references to the images topic, keyed by image id, asynchronously.
 *
 * <p>How many sends are in flight is bounded by the producer's {@code buffer.memory}: when it is full, {@link
 * #publish} blocks (up to {@code max.block.ms}) instead of queueing without limit. Every send's outcome is counted
 * by its callback, so after {@link #flush()} {@link #acknowledged()} + {@link #failed()} equals the sends made.
 */
public final class ReferencePublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReferencePublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public ReferencePublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** A publisher with its own Kafka producer, named after the job so the broker's logs tell runs apart. */
    public static ReferencePublisher create(KafkaSettings kafka, String topic, String jobId) {
        return new ReferencePublisher(new KafkaProducer<>(producerProperties(kafka, jobId)), topic);
    }

    /**
     * Producer properties: throughput defaults a user may override with {@code BREEDLINE_KAFKA_*}, then the settings
     * correctness rests on, which they may not.
     */
    public static Map<String, Object> producerProperties(KafkaSettings kafka, String jobId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "breedline-ingest-" + jobId);
        // References are small JSON documents that compress well; batching a few ms lifts throughput a lot.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.putAll(kafka.common());
        // A retried send must not write a second copy, and a reference counts as published only once every in-sync
        // replica has it: a leader failover then cannot lose an acknowledged reference.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    public String topic() {
        return topic;
    }

    /** Sends one reference; blocks only while the producer's buffer is full. The outcome arrives in a callback. */
    public void publish(ImageRef ref) {
        byte[] key = ref.imageId().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, Json.write(ref));
        sent.incrementAndGet();
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.incrementAndGet();
                    IngestMetrics.published(ref.jobId(), 1);
                } else {
                    fail(exception);
                }
            });
        } catch (KafkaException e) {
            // Thrown instead of reported in the callback: the producer is closed, fenced or otherwise unusable.
            fail(e);
        }
    }

    /**
     * Sends a job record to the jobs topic, keyed by job id, on the same idempotent producer as the references. Not
     * counted with them: a lost job record makes status stale, not the job incomplete, so a failure is only logged.
     */
    public void publishJob(String jobsTopic, JobRecord job) {
        byte[] key = job.jobId().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(jobsTopic, key, Json.write(job)), (metadata, exception) -> {
                if (exception != null) {
                    log.warn("job record {} {} not published to {}: {}", job.jobId(), job.state(), jobsTopic, exception.toString());
                }
            });
        } catch (KafkaException e) {
            log.warn("job record {} {} not published to {}: {}", job.jobId(), job.state(), jobsTopic, e.toString());
        }
    }

    /** Waits until every send so far has its outcome. */
    public void flush() {
        producer.flush();
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    /** The first send failure, null when none failed. */
    public Exception firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    private void fail(Exception e) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, e);
    }
}
