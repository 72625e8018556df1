package io.breedline.worker.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.contracts.BreedScore;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.StageTimings;
import io.breedline.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Uses Kafka's own in-memory MockProducer to check how each kind of transaction failure is handled. */
class TransactionalPublisherTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final TopicPartition P0 = new TopicPartition(TOPICS.images(), 0);
    // A real group's metadata as a consumer hands it out (the constructors are deprecated for applications).
    private static final ConsumerGroupMetadata GROUP = new MockConsumer<byte[], byte[]>("earliest").groupMetadata();

    private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
    private final Messages messages = new Messages("w1", "m", "v", Clock.systemUTC());

    private MockProducer<byte[], byte[]> newProducer() {
        MockProducer<byte[], byte[]> p = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        producers.add(p);
        return p;
    }

    @Test
    void predictionsDeadLettersAndOffsetsGoInOneCommittedTransaction() throws Exception {
        TransactionalPublisher publisher = new TransactionalPublisher(this::newProducer, TOPICS);
        publisher.publish(result(), GROUP);

        MockProducer<byte[], byte[]> p = producers.get(0);
        assertThat(p.transactionCommitted()).isTrue();
        List<ProducerRecord<byte[], byte[]>> sent = p.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsExactly(TOPICS.predictions(), TOPICS.deadLetters(),
                TOPICS.alreadyLabeled());
        ImageRef good = ref("s3://b/good.jpg");
        assertThat(new String(sent.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(good.imageId());
        assertThat(Json.readPrediction(sent.get(0).value()).top().breed()).isEqualTo("beagle");
        assertThat(Json.readDeadLetter(sent.get(1).value()).stage()).isEqualTo(FailureStage.FETCH);
        ImageRef again = ref("s3://b/again.jpg");
        assertThat(new String(sent.get(2).key(), StandardCharsets.UTF_8)).isEqualTo(again.imageId());
        assertThat(Json.readAlreadyLabeled(sent.get(2).value())).satisfies(a -> {
            assertThat(a.jobId()).isEqualTo("job");
            assertThat(a.uri()).isEqualTo(again.uri());
            assertThat(a.modelVersion()).isEqualTo("v");
        });
        assertThat(p.consumerGroupOffsetsHistory())
                .containsExactly(Map.of(GROUP.groupId(), Map.of(P0, new OffsetAndMetadata(8))));
    }

    @Test
    void anAbortableFailureAbortsAndAsksForTheBatchAgain() {
        TransactionalPublisher publisher = new TransactionalPublisher(this::newProducer, TOPICS);
        producers.get(0).commitTransactionException = new CommitFailedException("generation moved on");
        assertThatThrownBy(() -> publisher.publish(result(), GROUP)).isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("aborted");
        assertThat(producers.get(0).transactionAborted()).isTrue();
        assertThat(producers).hasSize(1);
    }

    @Test
    void aFencedProducerIsReplacedAndTheBatchReadAgain() throws Exception {
        TransactionalPublisher publisher = new TransactionalPublisher(this::newProducer, TOPICS);
        producers.get(0).commitTransactionException = new ProducerFencedException("epoch bumped");
        assertThatThrownBy(() -> publisher.publish(result(), GROUP)).isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("fenced");
        assertThat(producers).hasSize(2);
        assertThat(producers.get(0).closed()).isTrue();
        assertThat(producers.get(1).transactionInitialized()).isTrue();
        publisher.publish(result(), GROUP);
        assertThat(producers.get(1).transactionCommitted()).isTrue();
    }

    @Test
    void fencedAgainAndAgainMeansAnotherWorkerHasOurIdAndIsFatal() {
        TransactionalPublisher publisher = new TransactionalPublisher(() -> {
            MockProducer<byte[], byte[]> p = newProducer();
            p.commitTransactionException = new ProducerFencedException("epoch bumped");
            return p;
        }, TOPICS);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> publisher.publish(result(), GROUP)).isInstanceOf(PublishFailedException.class);
        }
        assertThatThrownBy(() -> publisher.publish(result(), GROUP)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same BREEDLINE_WORKER_ID");
    }

    @Test
    void aBrokerOutageLongerThanTheCommitRetriesIsNeverFatal() throws Exception {
        // Kafka down: commits time out, then the replacement producer cannot initialise either, several batches running.
        java.util.concurrent.atomic.AtomicBoolean kafkaDown = new java.util.concurrent.atomic.AtomicBoolean(true);
        TransactionalPublisher publisher = new TransactionalPublisher(() -> {
            MockProducer<byte[], byte[]> p = newProducer();
            if (kafkaDown.get() && producers.size() > 1) {
                p.initTransactionException = new org.apache.kafka.common.errors.TimeoutException("init timed out");
            }
            return p;
        }, TOPICS);
        producers.get(0).commitTransactionException = new org.apache.kafka.common.errors.TimeoutException("commit timed out");
        producers.get(0).abortTransactionException = new org.apache.kafka.common.KafkaException("cannot abort after a commit timeout");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> publisher.publish(result(), GROUP)).isInstanceOf(PublishFailedException.class);
        }
        assertThat(producers.get(0).closed()).isTrue();
        assertThat(producers).hasSizeGreaterThan(4); // a new producer was tried for each batch
        kafkaDown.set(false);
        publisher.publish(result(), GROUP);
        assertThat(producers.get(producers.size() - 1).transactionCommitted()).isTrue();
    }

    @Test
    void aProducerWhoseSequenceNumbersTheBrokerRefusesIsReplacedNotFatal() throws Exception {
        TransactionalPublisher publisher = new TransactionalPublisher(this::newProducer, TOPICS);
        producers.get(0).commitTransactionException = new OutOfOrderSequenceException("broker lost the producer's state");
        assertThatThrownBy(() -> publisher.publish(result(), GROUP)).isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("sequence numbers");
        assertThat(producers.get(0).closed()).isTrue();
        publisher.publish(result(), GROUP);
        assertThat(producers).hasSize(2);
        assertThat(producers.get(1).transactionCommitted()).isTrue();
    }

    @Test
    void aReplacementThatCannotInitialiseForAnyKafkaReasonIsTriedAgainWithTheNextBatch() throws Exception {
        // After a broker restart the transaction coordinator may answer with errors other than a timeout for a while.
        TransactionalPublisher publisher = new TransactionalPublisher(() -> {
            MockProducer<byte[], byte[]> p = newProducer();
            if (producers.size() == 2 || producers.size() == 3) {
                p.initTransactionException = new KafkaException("coordinator not ready");
            }
            return p;
        }, TOPICS);
        producers.get(0).commitTransactionException = new ProducerFencedException("epoch bumped by a timeout");
        assertThatThrownBy(() -> publisher.publish(result(), GROUP)).isInstanceOf(PublishFailedException.class);
        assertThatThrownBy(() -> publisher.publish(result(), GROUP)).isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("cannot initialise");
        publisher.publish(result(), GROUP);
        assertThat(producers).hasSize(4);
        assertThat(producers.get(3).transactionCommitted()).isTrue();
    }

    @Test
    void authorisationErrorsAreFatal() {
        TransactionalPublisher publisher = new TransactionalPublisher(this::newProducer, TOPICS);
        producers.get(0).sendOffsetsToTransactionException = new TopicAuthorizationException("no write to predictions");
        assertThatThrownBy(() -> publisher.publish(result(), GROUP)).isInstanceOf(TopicAuthorizationException.class);
    }

    private BatchResult result() {
        ImageRef good = ref("s3://b/good.jpg");
        Prediction p = messages.prediction(good, List.of(new BreedScore("beagle", 3, 0.9)), new StageTimings(1, 2, 3, 4, 1));
        DeadLetter d = messages.deadLetter(ref("s3://b/gone.jpg"), FailureStage.FETCH, "s3://b/gone.jpg: no such object", "X", false);
        return new BatchResult(List.of(p), List.of(d), Map.of(P0, new OffsetAndMetadata(8)), List.of(),
                List.of(messages.alreadyLabeled(ref("s3://b/again.jpg"))));
    }

    private static ImageRef ref(String uri) {
        return ImageRef.of(uri, null, null, null, "job", Instant.EPOCH);
    }
}
