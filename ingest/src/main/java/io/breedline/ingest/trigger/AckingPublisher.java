package io.breedline.ingest.trigger;

import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import io.breedline.ingest.notify.Translation;
import io.breedline.ingest.publish.ReferencePublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes a translation and waits until Kafka has acknowledged every record of it ({@code acks=all}, idempotent):
 * for sources that must not let go of a notification (delete an SQS message, answer a webhook 2xx) before its
 * references are durable. Thread-safe: webhook requests share one producer.
 */
final class AckingPublisher implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_BLOCK = Duration.ofSeconds(10);

    private final Producer<byte[], byte[]> producer;
    private final Topics topics;
    private final Lane lane;
    private final TriggerJob job;

    AckingPublisher(Producer<byte[], byte[]> producer, Topics topics, Lane lane, TriggerJob job) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.lane = Objects.requireNonNull(lane, "lane");
        this.job = Objects.requireNonNull(job, "job");
    }

    static AckingPublisher create(KafkaSettings kafka, Topics topics, Lane lane, String clientName, TriggerJob job) {
        Map<String, Object> props = ReferencePublisher.producerProperties(kafka, clientName);
        // send() blocks while the broker is unreachable; a notification source must get its failure back in time to
        // answer its sender (webhook) or leave the message for redelivery (SQS), not after the 60 s default.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        // The references of one notification wait for this anyway; a bounded linger keeps webhook answers fast.
        props.put(ProducerConfig.LINGER_MS_CONFIG, kafka.clientProperties().getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "5"));
        return new AckingPublisher(new KafkaProducer<>(props), topics, lane, job);
    }

    /** Sends the records at once, without waiting; {@link Pending#await} then waits for their acknowledgements. */
    Pending send(Translation translation) {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (var record : TriggerRecords.of(translation, topics, lane)) {
            try {
                futures.add(producer.send(record));
            } catch (KafkaException e) {
                // Thrown instead of reported in the future: the producer is closed or unusable.
                futures.add(java.util.concurrent.CompletableFuture.failedFuture(e));
            }
        }
        return new Pending(futures, translation, job);
    }

    /** Sends and waits: returns once every record is acknowledged, throws when one is not within the timeout. */
    void publish(Translation translation, Duration timeout) throws PublishException {
        send(translation).await(timeout);
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    /** The sends of one translation. */
    static final class Pending {
        private final List<Future<RecordMetadata>> futures;
        private final Translation translation;
        private final TriggerJob job;

        private Pending(List<Future<RecordMetadata>> futures, Translation translation, TriggerJob job) {
            this.futures = futures;
            this.translation = translation;
            this.job = job;
        }

        /** Waits for every acknowledgement; the references count as published (job, metrics) only then. */
        void await(Duration timeout) throws PublishException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<RecordMetadata> f : futures) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw new PublishException("Kafka did not accept a record: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new PublishException("Kafka did not acknowledge within " + timeout, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PublishException("interrupted while waiting for Kafka", e);
                } catch (KafkaException e) {
                    throw new PublishException("Kafka producer failed: " + e, e);
                }
            }
            job.published(translation.references().size());
        }
    }

    /** The references of a notification are not (known to be) in Kafka: the notification must be delivered again. */
    static final class PublishException extends Exception {
        private static final long serialVersionUID = 1L;

        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
