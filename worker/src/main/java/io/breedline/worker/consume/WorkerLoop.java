package io.breedline.worker.consume;

import io.breedline.clients.ops.LogContext;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.worker.WorkerStats;
import io.breedline.worker.dedup.Dedup;
import io.breedline.worker.publish.BatchResult;
import io.breedline.worker.publish.Messages;
import io.breedline.worker.publish.PublishFailedException;
import io.breedline.worker.publish.TransactionalPublisher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread: the only thread that touches the consumer and the transactional producer.
 *
 * <p>Each turn polls briefly, queues new records for fetching and decoding, publishes the batch the model has
 * finished (one transaction: predictions, dead letters, offsets), hands the next ready batch to the model, and pauses
 * or resumes partitions. The model runs on inference threads of its own, so however slow it is the loop keeps polling
 * and never overruns {@code max.poll.interval.ms}. Up to {@link LoopSettings#modelStreams()} batches are in the model at
 * once while the next one forms; they are published in the order they were taken, since a later batch's offsets lie
 * after an earlier one's.
 */
public final class WorkerLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(50);
    // Short, so the loop goes back to polling (and stays in its group) while the broker is unreachable.
    private static final Duration REWIND_TIMEOUT = Duration.ofSeconds(5);
    // While images are being prepared or the model is busy, come back soon to move the pipeline on.
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final Supplier<TransactionalPublisher> publisherFactory;
    private final ImagePreparer preparer;
    private final BatchRunner runner;
    private final Executor inferenceThread;
    private final Messages messages;
    private final LoopSettings settings;
    private final WorkerStats stats;
    private final LongSupplier nanoClock;
    private final BatchWindow window;
    private final Backpressure backpressure;
    private final InFlight inFlight = new InFlight();
    private final Dedup dedup;

    private volatile boolean stopRequested;
    private volatile Consumer<byte[], byte[]> consumer;
    private TransactionalPublisher publisher;
    // Batches taken from the in-flight queue and not yet published, oldest first: in the model, or done and waiting
    // for the ones before them (a batch without images for the model is done at once).
    private final Deque<Running> running = new ArrayDeque<>();
    private boolean draining;
    private boolean rewindPending;
    private boolean closing;
    private long drainDeadline;
    private long rewinds;

    /** A batch taken for the model; {@code modelCall} false for one of dead letters and skips only. */
    private record Running(Batch batch, CompletableFuture<BatchResult> result, boolean modelCall) {}

    public WorkerLoop(Supplier<Consumer<byte[], byte[]>> consumerFactory, Supplier<TransactionalPublisher> publisherFactory,
            ImagePreparer preparer, BatchRunner runner, Executor inferenceThread, Messages messages, LoopSettings settings,
            WorkerStats stats, LongSupplier nanoClock) {
        this(consumerFactory, publisherFactory, preparer, runner, inferenceThread, messages, settings, stats, nanoClock, null);
    }

    /** @param dedup skips references already labeled and records what is labeled; null for neither */
    public WorkerLoop(Supplier<Consumer<byte[], byte[]>> consumerFactory, Supplier<TransactionalPublisher> publisherFactory,
            ImagePreparer preparer, BatchRunner runner, Executor inferenceThread, Messages messages, LoopSettings settings,
            WorkerStats stats, LongSupplier nanoClock, Dedup dedup) {
        this.dedup = dedup;
        this.consumerFactory = consumerFactory;
        this.publisherFactory = publisherFactory;
        this.preparer = preparer;
        this.runner = runner;
        this.inferenceThread = inferenceThread;
        this.messages = messages;
        this.settings = settings;
        this.stats = stats;
        this.nanoClock = nanoClock;
        this.window = new BatchWindow(settings.maxBatchSize(), settings.maxBatchDelay(), nanoClock);
        this.backpressure = new Backpressure(settings.maxInFlight());
    }

    /** Asks the loop to stop taking records, publish what it can within the drain timeout, and return. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Interrupts a blocking consumer call, for when a stop takes too long. Safe from any thread. */
    public void wakeup() {
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        consumer = consumerFactory.get();
        try {
            publisher = publisherFactory.get();
            if (dedup != null) {
                dedup.check();
            }
            consumer.subscribe(List.of(settings.imagesTopic()), new RebalanceHandler(this));
            loop();
        } finally {
            closeClients();
        }
    }

    private void loop() {
        while (true) {
            if (stopRequested && !draining) {
                draining = true;
                drainDeadline = nanoClock.getAsLong() + settings.drainTimeout().toNanos();
                log.info("Stopping: no new records; publishing the {} in flight", inFlightCount());
            }
            if (draining && (isIdle() || nanoClock.getAsLong() - drainDeadline > 0)) {
                if (!isIdle()) {
                    log.warn("Gave up {} records still in flight after {}; they are not committed and will be read again",
                            inFlightCount(), settings.drainTimeout());
                }
                return;
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(isIdle() ? IDLE_POLL : BUSY_POLL);
            if (rewindPending) {
                tryRewind(); // what was just polled is dropped: the rewind moves back before it
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                inFlight.add(admit(record));
            }
            finishInference();
            dispatch();
            if (backpressure.update(consumer, inFlightCount(), draining) && !draining) {
                stats.paused();
            }
        }
    }

    private PolledItem admit(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long now = nanoClock.getAsLong();
        stats.polled();
        try {
            ImageRef ref = Json.readImageRef(record.value());
            if (dedup != null && dedup.isDuplicate(record.partition(), record.offset(), ref)) {
                stats.duplicateSkipped();
                try (LogContext c = LogContext.image(ref.jobId(), ref.imageId())) {
                    log.debug("Skipping {} (ETag {}): already labeled by this model version", ref.uri(), ref.etag());
                }
                return new PolledItem(partition, record.offset(), ref, now, CompletableFuture.completedFuture(new Prepared.Skipped()));
            }
            return new PolledItem(partition, record.offset(), ref, now, preparer.prepare(ref));
        } catch (MalformedMessageException e) {
            String reason = "message at " + partition + " offset " + record.offset() + ": " + e.getMessage();
            String type = (e.getCause() != null ? e.getCause() : e).getClass().getName();
            DeadLetter deadLetter = messages.unreadable(record.topic(), record.partition(), record.offset(), record.value(), reason, type);
            return new PolledItem(partition, record.offset(), null, now,
                    CompletableFuture.completedFuture(new Prepared.Failed(deadLetter)));
        }
    }

    // Publishes the finished batches at the head of the queue, in order.
    private void finishInference() {
        while (!running.isEmpty() && running.peekFirst().result().isDone()) {
            Running done = running.pollFirst();
            // The runner turns model failures into dead letters; an exception here is a defect and stops the worker.
            BatchResult result = done.result().join();
            // The model starts on the next batch before this one's transaction: a commit takes tens of milliseconds
            // the model would otherwise sit idle for. Offsets stay in order: the next batch lies after this one.
            dispatch();
            long rewindsBefore = rewinds;
            publish(done.batch(), result);
            if (rewinds != rewindsBefore) {
                return; // the publish failed: the rewind dropped everything in flight, the batches in the model too
            }
        }
    }

    // Gives the model every batch it has room for.
    private void dispatch() {
        while (modelCalls() < settings.modelStreams()) {
            Batch batch = nextBatch();
            if (batch == null) {
                return;
            }
            start(batch);
        }
    }

    private Batch nextBatch() {
        int n = window.closeSize(inFlight.readyPrefix(window.maxBatchSize()), inFlight.oldestPolledNanos(), draining);
        return n == 0 ? null : new Batch(inFlight.take(n));
    }

    private void start(Batch batch) {
        if (batch.readyCount() == 0) {
            // Only dead letters or skips: nothing for the model; published in its turn, after the batches before it.
            running.addLast(new Running(batch, CompletableFuture.completedFuture(runner.run(batch)), false));
            return;
        }
        running.addLast(new Running(batch, CompletableFuture.supplyAsync(() -> runner.run(batch), inferenceThread), true));
    }

    private int modelCalls() {
        int n = 0;
        for (Running r : running) {
            if (r.modelCall()) {
                n++;
            }
        }
        return n;
    }

    private void publish(Batch batch, BatchResult computed) {
        BatchResult result = dedup == null ? computed : computed.withMarks(dedup.marks(computed.predictions(), partitionsOf(batch)));
        try {
            long start = nanoClock.getAsLong();
            publisher.publish(result, consumer.groupMetadata());
            if (dedup != null) {
                dedup.committed();
                release(batch);
            }
            stats.committed(result, Duration.ofNanos(nanoClock.getAsLong() - start));
            logDeadLetters(result);
        } catch (PublishFailedException e) {
            if (dedup != null) {
                dedup.aborted();
            }
            stats.transactionFailed();
            log.warn("A batch of {} was not published ({}); re-reading from the committed offsets", result.size(), e.getMessage());
            rewind();
        }
    }

    // One line per image given up on, with its job and image id in the MDC (fields of the JSON log format).
    private static void logDeadLetters(BatchResult result) {
        for (DeadLetter d : result.deadLetters()) {
            try (LogContext c = LogContext.image(d.jobId(), d.imageId())) {
                log.warn("Dead-lettered ({}, {}): {}", d.stage(), d.retriable() ? "retriable" : "not retriable", d.reason());
            }
        }
    }

    // The images partition each prediction's reference came from: its mark goes to the same labeled partition.
    private static Map<String, Integer> partitionsOf(Batch batch) {
        Map<String, Integer> partitions = new HashMap<>();
        for (PolledItem item : batch.items()) {
            if (item.ref() != null) {
                partitions.put(item.ref().imageId(), item.partition().partition());
            }
        }
        return partitions;
    }

    private void release(Batch batch) {
        for (PolledItem item : batch.items()) {
            if (item.ref() != null) {
                dedup.release(item.partition().partition(), item.offset(), item.ref().imageId());
            }
        }
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }

    /**
     * Forgets everything in flight and moves every owned partition back to its committed offset: nothing is lost, and
     * since nothing uncommitted was visible, nothing is published twice.
     */
    private void rewind() {
        rewinds++;
        running.clear();
        inFlight.clear();
        if (dedup != null) {
            dedup.clearInFlight();
        }
        rewindPending = true;
        tryRewind();
    }

    // Reading committed offsets needs the broker. While it is unreachable the rewind stays pending and the loop keeps
    // polling (staying in the group) but drops what it polls: those records lie after the uncommitted ones, so taking
    // them would commit past images that were never published.
    private void tryRewind() {
        Set<TopicPartition> owned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = owned.isEmpty() ? Map.of() : consumer.committed(owned, REWIND_TIMEOUT);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            log.warn("Cannot read the committed offsets yet ({}); taking no new records until Kafka answers", e.getMessage());
            return;
        }
        for (TopicPartition tp : owned) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset != null) {
                consumer.seek(tp, offset);
            } else {
                consumer.seekToBeginning(List.of(tp)); // nothing committed yet: auto.offset.reset=earliest
            }
        }
        rewindPending = false;
    }

    // Called inside poll(): the group generation is still ours, so batches holding these partitions can still commit.
    // Every batch taken is published (in order: a later one's offsets lie after an earlier one's), within revokeWait.
    void onRevoked(Collection<TopicPartition> partitions) {
        stats.partitionsRevoked();
        if (!closing && running.stream().anyMatch(r -> r.batch().touches(partitions))) {
            long deadline = nanoClock.getAsLong() + settings.revokeWait().toNanos();
            int published = 0;
            try {
                while (!running.isEmpty()) {
                    Running r = running.peekFirst();
                    long left = Math.max(0, deadline - nanoClock.getAsLong());
                    BatchResult result = r.result().get(left, TimeUnit.NANOSECONDS);
                    running.pollFirst();
                    long rewindsBefore = rewinds;
                    publish(r.batch(), result);
                    if (rewinds != rewindsBefore) {
                        break;
                    }
                    published += result.size();
                }
                log.info("Published the batches the model was working on ({} records) before giving up {}", published,
                        partitions);
            } catch (TimeoutException e) {
                log.warn("The model did not finish its batches within {} of losing partitions {}; they will be read again",
                        settings.revokeWait(), partitions);
                rewind();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                rewind();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the inference thread failed", e.getCause());
            }
        }
        int dropped = inFlight.drop(partitions);
        if (dedup != null) {
            dedup.forget(numbers(partitions));
        }
        log.info("Partitions revoked: {} ({} queued records left to their next owner)", partitions, dropped);
    }

    // The group moved on without us: nothing of these partitions may be committed any more.
    void onLost(Collection<TopicPartition> partitions) {
        stats.partitionsLost();
        if (running.stream().anyMatch(r -> r.batch().touches(partitions))) {
            rewind();
        }
        inFlight.drop(partitions);
        if (dedup != null) {
            dedup.forget(numbers(partitions));
        }
        log.warn("Partitions lost: {}; their uncommitted records will be read again by their next owner", partitions);
    }

    void onAssigned(Collection<TopicPartition> partitions) {
        stats.partitionsAssigned();
        backpressure.onAssigned(consumer, partitions);
        if (!partitions.isEmpty()) {
            log.info("Partitions assigned: {}", partitions);
        }
        if (dedup != null) {
            // Inside poll, before any record of these partitions is admitted. Only a labeled topic whose partitions
            // do not match the images topic's is fatal; marks that cannot be read just skip nothing.
            dedup.load(numbers(partitions));
        }
    }

    private boolean isIdle() {
        return running.isEmpty() && inFlight.isEmpty();
    }

    private int inFlightCount() {
        int n = inFlight.size();
        for (Running r : running) {
            n += r.batch().size();
        }
        return n;
    }

    private void closeClients() {
        closing = true;
        Set<TopicPartition> owned = new HashSet<>();
        try {
            owned.addAll(consumer.assignment());
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            log.warn("Closing the consumer failed (partitions {})", owned, e);
        }
        if (publisher != null) {
            try {
                publisher.close();
            } catch (RuntimeException e) {
                log.warn("Closing the producer failed", e);
            }
        }
        if (dedup != null) {
            try {
                dedup.close();
            } catch (RuntimeException e) {
                log.warn("Closing the labeled-topic reader failed", e);
            }
        }
    }
}
