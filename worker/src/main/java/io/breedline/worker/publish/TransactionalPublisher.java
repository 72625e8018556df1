package io.breedline.worker.publish;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Topics;
import io.breedline.worker.dedup.Dedup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a batch's predictions, dead letters, already-labeled notices, labeled-topic marks and input offsets in one
 * Kafka transaction, so
 * offsets are committed exactly when the results they produced become visible to {@code read_committed} readers.
 *
 * <p>Three kinds of failure: an abortable one (the group generation moved on, a transaction timed out) aborts the
 * transaction; a fenced or epoch-bumped producer, or one whose sequence numbers the broker no longer accepts, is
 * replaced by a new one (whose initialisation aborts whatever the old one left open); authorisation and protocol
 * errors are fatal and propagate. In the first two cases {@link PublishFailedException} tells the caller to re-read
 * the input. A producer that cannot be initialised (Kafka unreachable or still loading after a restart) is tried again
 * before the next batch; only fencing again and again, which means another process has this transactional id, stops
 * the worker.
 */
public final class TransactionalPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionalPublisher.class);
    private static final int COMMIT_ATTEMPTS = 3;
    // A producer fenced again and again means another process uses the same transactional.id.
    private static final int MAX_CONSECUTIVE_REPLACEMENTS = 3;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<Producer<byte[], byte[]>> factory;
    private final Topics topics;
    private Producer<byte[], byte[]> producer;
    private int consecutiveReplacements;

    /** Creates the producer and initialises transactions (fencing any earlier producer with the same id). */
    public TransactionalPublisher(Supplier<Producer<byte[], byte[]>> factory, Topics topics) {
        this.factory = factory;
        this.topics = topics;
        this.producer = newProducer();
    }

    public void publish(BatchResult result, ConsumerGroupMetadata group) throws PublishFailedException {
        ensureProducer();
        try {
            producer.beginTransaction();
            for (Prediction p : result.predictions()) {
                producer.send(record(topics.predictions(), p.imageId(), p));
            }
            for (DeadLetter d : result.deadLetters()) {
                producer.send(record(topics.deadLetters(), d.imageId(), d));
            }
            for (AlreadyLabeled a : result.alreadyLabeled()) {
                producer.send(record(topics.alreadyLabeled(), a.imageId(), a));
            }
            for (Dedup.Mark m : result.marks()) {
                // The partition the reference was read from, not the key's hash: see Dedup.
                producer.send(new ProducerRecord<>(topics.labeled(), m.partition(),
                        m.mark().imageId().getBytes(StandardCharsets.UTF_8), Json.write(m.mark())));
            }
            producer.sendOffsetsToTransaction(result.offsets(), group);
            commit();
            consecutiveReplacements = 0;
        } catch (ApplicationRecoverableException e) {
            replaceProducer(e, true);
            throw new PublishFailedException("the producer was fenced (" + e.getClass().getSimpleName() + "); "
                    + "replaced it, the batch will be read again", e);
        } catch (OutOfOrderSequenceException e) {
            // Fatal for this producer instance only: nothing of its open transaction can be committed any more.
            replaceProducer(e, false);
            throw new PublishFailedException("the broker refused the producer's sequence numbers; replaced it, the "
                    + "batch will be read again", e);
        } catch (AuthenticationException | AuthorizationException | UnsupportedVersionException e) {
            throw e;
        } catch (KafkaException e) {
            abort(e);
            throw new PublishFailedException("the transaction was aborted: " + e.getMessage(), e);
        }
    }

    // A commit that timed out may have gone through; the producer only lets us ask again, not abort.
    private void commit() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt == COMMIT_ATTEMPTS) {
                    throw e;
                }
                log.warn("Committing the transaction timed out (attempt {} of {}); trying again", attempt, COMMIT_ATTEMPTS);
            }
        }
    }

    private void abort(KafkaException cause) {
        try {
            producer.abortTransaction();
            log.warn("Aborted a transaction: {}", cause.toString());
        } catch (KafkaException | IllegalStateException e) {
            e.addSuppressed(cause);
            replaceProducer(e, false);
        }
    }

    private void replaceProducer(Exception cause, boolean fenced) {
        // Only fencing counts: a broker outage can force many replacements and says nothing about a duplicate id.
        consecutiveReplacements = fenced ? consecutiveReplacements + 1 : 0;
        log.warn("Replacing the transactional producer after {}", cause.toString());
        producer.close(Duration.ZERO);
        producer = null;
        if (consecutiveReplacements > MAX_CONSECUTIVE_REPLACEMENTS) {
            throw new IllegalStateException("the transactional producer was fenced " + consecutiveReplacements
                    + " times in a row: is another worker running with the same BREEDLINE_WORKER_ID?", cause);
        }
        try {
            producer = newProducer();
        } catch (AuthenticationException | AuthorizationException | UnsupportedVersionException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Could not initialise a new producer ({}); trying again with the next batch", e.toString());
        }
    }

    // A producer that could not be initialised (Kafka unreachable, or its coordinator still loading) is retried before
    // each batch instead of stopping the worker; the batch then fails and is read again once Kafka answers.
    private void ensureProducer() throws PublishFailedException {
        if (producer != null) {
            return;
        }
        try {
            producer = newProducer();
        } catch (AuthenticationException | AuthorizationException | UnsupportedVersionException e) {
            throw e;
        } catch (KafkaException e) {
            throw new PublishFailedException("cannot initialise the transactional producer (" + e + ")", e);
        }
    }

    private Producer<byte[], byte[]> newProducer() {
        Producer<byte[], byte[]> p = factory.get();
        try {
            p.initTransactions();
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw e;
        }
        return p;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, Object message) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), Json.write(message));
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
        }
    }
}
