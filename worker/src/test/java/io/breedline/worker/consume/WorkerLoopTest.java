package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.LabelMark;
import io.breedline.contracts.Topics;
import io.breedline.worker.WorkerStats;
import io.breedline.worker.decode.ImageDecoder;
import io.breedline.worker.dedup.Dedup;
import io.breedline.worker.dedup.MarkDedup;
import io.breedline.worker.dedup.MarkSource;
import io.breedline.worker.fakes.DarkBrightModel;
import io.breedline.worker.publish.Messages;
import io.breedline.worker.publish.TransactionalPublisher;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop's offset handling, driven deterministically through Kafka's in-memory MockConsumer and MockProducer
 * (rebalance callbacks run inside poll, on the loop's thread, as with the real consumer).
 */
class WorkerLoopTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final TopicPartition P0 = new TopicPartition(TOPICS.images(), 0);
    private static final TopicPartition P1 = new TopicPartition(TOPICS.images(), 1);
    private static final TopicPartition Q0 = new TopicPartition(TOPICS.priority(), 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicInteger commitFailures = new AtomicInteger();
    private volatile CountDownLatch commitGate = new CountDownLatch(0);
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                @Override
                public void commitTransaction() {
                    try {
                        commitGate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (commitFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new CommitFailedException("the group has rebalanced");
                    }
                    super.commitTransaction();
                }
            };
    private final GatedModel model = new GatedModel();
    // As the worker's: one thread per model stream (at most two here).
    private final ExecutorService inference = Executors.newFixedThreadPool(2);
    private final WorkerStats stats = new WorkerStats();
    private final byte[] png = png();
    private WorkerLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        model.gate.countDown();
        commitGate.countDown();
        if (loop != null) {
            loop.requestStop();
            thread.join(10_000);
        }
        inference.shutdownNow();
    }

    @Test
    void aRevocationPublishesTheBatchInTheModelBeforeLettingThePartitionGo() throws Exception {
        model.gate = new CountDownLatch(1);
        start();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0, P1));
            consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
            addRecords(P0, 0, 2);
            addRecords(P1, 0, 1);
        });
        assertThat(model.entered.await(10, TimeUnit.SECONDS)).as("first batch reached the model").isTrue();
        assertThat(producer.commitCount()).isZero();

        AtomicLong commitsWhenRevokeReturned = new AtomicLong(-1);
        consumer.schedulePollTask(() -> {
            new Thread(() -> {
                sleep(200);
                model.gate.countDown();
            }).start();
            consumer.rebalance(List.of(P1)); // takes P0 away while its batch is in the model
            commitsWhenRevokeReturned.set(producer.commitCount());
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> commitsWhenRevokeReturned.get() >= 0);
        assertThat(commitsWhenRevokeReturned.get()).as("committed inside onPartitionsRevoked").isEqualTo(1);
        assertThat(producer.consumerGroupOffsetsHistory().get(0).values().iterator().next())
                .isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        // The P1 record queued behind the batch is still ours and gets published afterwards.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(producer.history()).hasSize(3));
        assertThat(producer.consumerGroupOffsetsHistory()).last()
                .satisfies(m -> assertThat(m.values().iterator().next()).isEqualTo(Map.of(P1, new OffsetAndMetadata(1))));
        assertThat(stats.revocations()).isEqualTo(1);
        assertThat(stats.failedTransactions()).isZero();
    }

    @Test
    void theModelStartsTheNextBatchWhileThePreviousOneIsBeingCommitted() throws Exception {
        commitGate = new CountDownLatch(1);
        start();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            addRecords(P0, 0, 4); // two batches of two
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> model.calls() == 2);
        assertThat(producer.commitCount()).as("the first batch's commit is still under way").isZero();
        commitGate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.commitCount() == 2);
        assertThat(producer.consumerGroupOffsetsHistory()).extracting(m -> m.values().iterator().next())
                .containsExactly(Map.of(P0, new OffsetAndMetadata(2)), Map.of(P0, new OffsetAndMetadata(4)));
    }

    @Test
    void twoStreamsRunTwoBatchesAtOnceAndPublishThemInTheOrderTheyWereTaken() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        model.perCall.addAll(List.of(first, second));
        start(Dedup.none(), 2);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            addRecords(P0, 0, 4); // two batches of two
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> model.running.get() == 2);
        // The latches go to the model calls in the order they arrive, and the two streams race to the model: the call
        // released here is usually the later batch (offsets 2-3), sometimes the earlier one (0-1).
        second.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> model.running.get() == 1);
        sleep(300);
        // Either way nothing may be committed ahead of the earlier batch: no commit yet (the later batch waits for the
        // earlier one, whose offsets come first), or exactly the earlier batch's (it was the one released).
        assertThat(producer.consumerGroupOffsetsHistory()).as("commits while one batch is still in the model")
                .extracting(m -> m.values().iterator().next())
                .isSubsetOf(Map.of(P0, new OffsetAndMetadata(2)));
        first.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.commitCount() == 2);
        assertThat(producer.consumerGroupOffsetsHistory()).extracting(m -> m.values().iterator().next())
                .containsExactly(Map.of(P0, new OffsetAndMetadata(2)), Map.of(P0, new OffsetAndMetadata(4)));
        assertThat(producer.history()).hasSize(4);
    }

    @Test
    void aRevocationPublishesEveryBatchInTheModelInOrder() throws Exception {
        model.gate = new CountDownLatch(1);
        start(Dedup.none(), 2);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0, P1));
            consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
            addRecords(P0, 0, 2);
            addRecords(P1, 0, 2);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> model.running.get() == 2);
        AtomicLong commitsWhenRevokeReturned = new AtomicLong(-1);
        consumer.schedulePollTask(() -> {
            new Thread(() -> {
                sleep(200);
                model.gate.countDown();
            }).start();
            consumer.rebalance(List.of()); // takes both partitions away while both batches are in the model
            commitsWhenRevokeReturned.set(producer.commitCount());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> commitsWhenRevokeReturned.get() >= 0);
        assertThat(commitsWhenRevokeReturned.get()).as("both committed inside onPartitionsRevoked").isEqualTo(2);
        assertThat(producer.consumerGroupOffsetsHistory()).hasSize(2);
        assertThat(producer.history()).hasSize(4);
        assertThat(stats.failedTransactions()).isZero();
    }

    @Test
    void aFailedCommitRewindsToTheCommittedOffsetsAndPublishesNothingTwice() throws Exception {
        commitFailures.set(1);
        start();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            addRecords(P0, 0, 2);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.failedTransactions() == 1);
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).as("nothing of the aborted batch is visible").isEmpty();
        AtomicLong position = new AtomicLong(-1);
        consumer.schedulePollTask(() -> {
            position.set(consumer.position(P0));
            addRecords(P0, 0, 2); // the broker would deliver them again from the rewound position
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> position.get() >= 0);
        assertThat(position.get()).as("rewound to the beginning: nothing was committed").isZero();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(producer.history()).hasSize(2));
        assertThat(producer.consumerGroupOffsetsHistory()).hasSize(1);
        assertThat(stats.transactions()).isEqualTo(1);
    }

    @Test
    void unreadableMessagesAreDeadLetteredInTheSameTransactionAsTheirBatch() throws Exception {
        start();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            addRecords(P0, 0, 1);
            consumer.addRecord(new ConsumerRecord<>(TOPICS.images(), 0, 1, null, "not json".getBytes(StandardCharsets.UTF_8)));
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(producer.history()).hasSize(2));
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(producer.history()).extracting(r -> r.topic()).containsExactly(TOPICS.predictions(), TOPICS.deadLetters());
        assertThat(new String(producer.history().get(1).key(), StandardCharsets.UTF_8)).isEqualTo("raw:" + P0.topic() + "-0-1");
        assertThat(Json.readDeadLetter(producer.history().get(1).value()).reason())
                .startsWith("message at " + P0 + " offset 1: ImageRef message is not valid JSON");
        assertThat(producer.consumerGroupOffsetsHistory().get(0).values().iterator().next())
                .isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
    }

    @Test
    void referencesAlreadyLabeledOrInFlightAreSkippedAndCommittedWithTheirBatch() throws Exception {
        ImageRef labeled = ref(P0, 0, "e1");
        MarkSource marks = new MarkSource() {
            @Override
            public void check() {}

            @Override
            public void readToEnd(int partition, BiConsumer<String, LabelMark> sink) {
                if (partition == 0) {
                    sink.accept(labeled.imageId(), new LabelMark(1, labeled.imageId(), "e1", null, null, model.version()));
                }
            }

            @Override
            public void close() {}
        };
        start(new MarkDedup(model.version(), marks, true));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            ImageRef fresh = ref(P0, 1, "e2");
            List<ImageRef> refs = List.of(labeled, fresh, fresh); // the last: the same upload delivered again
            for (int o = 0; o < refs.size(); o++) {
                consumer.addRecord(new ConsumerRecord<>(P0.topic(), 0, o,
                        refs.get(o).imageId().getBytes(StandardCharsets.UTF_8), Json.write(refs.get(o))));
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(producer.consumerGroupOffsetsHistory())
                .last().satisfies(m -> assertThat(m.values().iterator().next()).isEqualTo(Map.of(P0, new OffsetAndMetadata(3)))));
        // Each skipped reference gets a notice under its job (so the job counts it done), in the batch's transaction.
        assertThat(producer.history()).extracting(r -> r.topic()).containsExactlyInAnyOrder(TOPICS.predictions(),
                TOPICS.labeled(), TOPICS.alreadyLabeled(), TOPICS.alreadyLabeled());
        assertThat(producer.history()).filteredOn(r -> r.topic().equals(TOPICS.labeled())).singleElement()
                .satisfies(r -> assertThat(r.partition()).as("the mark goes to the reference's partition number").isZero());
        List<AlreadyLabeled> notices = new ArrayList<>();
        for (var r : producer.history()) {
            if (r.topic().equals(TOPICS.alreadyLabeled())) {
                notices.add(Json.readAlreadyLabeled(r.value()));
            }
        }
        assertThat(notices).extracting(AlreadyLabeled::uri).containsExactlyInAnyOrder(labeled.uri(), ref(P0, 1, "e2").uri());
        assertThat(notices).allSatisfy(n -> {
            assertThat(n.jobId()).isEqualTo("job");
            assertThat(n.modelVersion()).isEqualTo(model.version());
        });
        assertThat(notices).filteredOn(n -> n.uri().equals(labeled.uri())).singleElement()
                .satisfies(n -> assertThat(n.etag()).isEqualTo("e1"));
        assertThat(stats.duplicatesSkipped()).isEqualTo(2);
    }

    @Test
    void anUploadPolledWhileABackfillIsQueuedGoesAloneInTheNextBatch() throws Exception {
        model.gate = new CountDownLatch(1);
        start(Dedup.none(), 1, 16);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0, Q0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L, Q0, 0L));
            addRecords(P0, 0, 6); // a backfill: three batches of two
        });
        assertThat(model.entered.await(10, TimeUnit.SECONDS)).as("the first backfill batch reached the model").isTrue();
        CountDownLatch uploadPolled = new CountDownLatch(1);
        consumer.schedulePollTask(() -> addRecords(Q0, 0, 1)); // an upload, while P0@2-5 are queued
        consumer.schedulePollTask(uploadPolled::countDown);
        assertThat(uploadPolled.await(10, TimeUnit.SECONDS)).isTrue();
        model.gate.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> producer.commitCount() == 4);
        assertThat(producer.consumerGroupOffsetsHistory()).extracting(m -> m.values().iterator().next()).containsExactly(
                Map.of(P0, new OffsetAndMetadata(2)),
                Map.of(Q0, new OffsetAndMetadata(1)),
                Map.of(P0, new OffsetAndMetadata(4)),
                Map.of(P0, new OffsetAndMetadata(6)));
        assertThat(producer.history()).hasSize(7);
        assertThat(consumer.subscription()).containsExactlyInAnyOrder(TOPICS.images(), TOPICS.priority());
    }

    private static ImageRef ref(TopicPartition tp, long o, String etag) {
        return ImageRef.of("s3://bucket/" + tp + "-" + o + ".png", etag, null, null, "job", Instant.EPOCH, "0A");
    }

    private void start() {
        start(Dedup.none());
    }

    private void start(Dedup dedup) {
        start(dedup, 1);
    }

    private void start(Dedup dedup, int streams) {
        start(dedup, streams, 2 * (streams + 1));
    }

    private void start(Dedup dedup, int streams, int maxInFlight) {
        Messages messages = new Messages("w1", model.name(), model.version(), Clock.systemUTC());
        ImagePreparer preparer = new ImagePreparer(ref -> png, new ImageDecoder(1_000_000), 2, 2, messages,
                Runnable::run, Runnable::run, System::nanoTime);
        LoopSettings settings = new LoopSettings(TOPICS.images(), 2, Duration.ZERO, maxInFlight,
                Duration.ofSeconds(5), Duration.ofSeconds(5), streams, TOPICS.priority());
        loop = new WorkerLoop(() -> consumer, () -> new TransactionalPublisher(() -> producer, TOPICS), preparer,
                new BatchRunner(model, messages, 5, System::nanoTime), inference, messages, settings, stats, System::nanoTime,
                dedup);
        thread = new Thread(loop, "loop-under-test");
        thread.start();
    }

    private void addRecords(TopicPartition tp, long from, int count) {
        for (long o = from; o < from + count; o++) {
            ImageRef ref = ImageRef.of("s3://bucket/" + tp + "-" + o + ".png", null, null, null, "job", Instant.EPOCH);
            consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), o,
                    ref.imageId().getBytes(StandardCharsets.UTF_8), Json.write(ref)));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] png() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Holds every call until the gate opens (call i until perCall[i], if given); tells when a call has started. */
    static final class GatedModel extends DarkBrightModel {
        volatile CountDownLatch gate = new CountDownLatch(0);
        final List<CountDownLatch> perCall = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();

        GatedModel() {
            super("gated", 2);
        }

        @Override
        protected void beforeCall(int call, float[] pixels, int n) throws InterruptedException {
            running.incrementAndGet();
            entered.countDown();
            try {
                (call < perCall.size() ? perCall.get(call) : gate).await();
            } finally {
                running.decrementAndGet();
            }
        }
    }
}
