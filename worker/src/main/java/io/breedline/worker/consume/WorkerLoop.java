package io.breedline.worker.consume;

import io.breedline.clients.ops.LogContext;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.worker.WorkerStats;
import io.breedline.worker.dedup.Dedup;
import io.breedline.worker.consume.BatchCommitter.Outcome;
import io.breedline.worker.publish.BatchResult;
import io.breedline.worker.publish.Messages;
import io.breedline.worker.publish.TransactionalPublisher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
 *
 * <p>It reads two topics, the priority lane (uploads) and the bulk lane (backfills), and serves the priority lane
 * first ({@link Lanes}); one batch, and so one transaction, may carry records and offsets of both.
 *
 * <p>A batch that is not published makes the loop give up everything in flight and {@link Rewind rewind} to the
 * committed offsets.
 */
public final class WorkerLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(50);
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
    private final Pauses pauses = new Pauses();
    private final Backpressure backpressure;
    private final Lanes lanes;
    private final Rewind rewind = new Rewind();
    private final Dedup dedup;

    private volatile boolean stopRequested;
    private volatile Consumer<byte[], byte[]> consumer;
    private TransactionalPublisher publisher;
    private BatchCommitter committer;
    // Batches taken from the in-flight queue and not yet published, oldest first: in the model, or done and waiting
    // for the ones before them (a batch without images for the model is done at once).
    private final Deque<Running> running = new ArrayDeque<>();
    private boolean draining;
    private boolean closing;
    private long drainDeadline;

    /** A batch taken for the model; {@code modelCall} false for one of dead letters and skips only. */
    private record Running(Batch batch, CompletableFuture<BatchResult> result, boolean modelCall) {}

    /** Without de-duplication: every reference is labeled, no marks are written. */
    public WorkerLoop(Supplier<Consumer<byte[], byte[]>> consumerFactory, Supplier<TransactionalPublisher> publisherFactory,
            ImagePreparer preparer, BatchRunner runner, Executor inferenceThread, Messages messages, LoopSettings settings,
            WorkerStats stats, LongSupplier nanoClock) {
        this(consumerFactory, publisherFactory, preparer, runner, inferenceThread, messages, settings, stats, nanoClock,
                Dedup.none());
    }

    /** @param dedup skips references already labeled and records what is labeled ({@link Dedup#none()}: neither) */
    public WorkerLoop(Supplier<Consumer<byte[], byte[]>> consumerFactory, Supplier<TransactionalPublisher> publisherFactory,
            ImagePreparer preparer, BatchRunner runner, Executor inferenceThread, Messages messages, LoopSettings settings,
            WorkerStats stats, LongSupplier nanoClock, Dedup dedup) {
        this.dedup = Objects.requireNonNull(dedup, "dedup");
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
        this.lanes = new Lanes(settings.priorityTopic(), pauses, nanoClock);
        this.backpressure = new Backpressure(settings.maxInFlight(), System::nanoTime, pauses, lanes::isPriority);
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
            committer = new BatchCommitter(publisher, dedup, stats, nanoClock);
            dedup.check();
            consumer.subscribe(settings.topics(), new RebalanceHandler(this));
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
            if (rewind.pending()) {
                rewind.tryComplete(consumer); // what was just polled is dropped: the rewind moves back before it
                continue;
            }
            backpressure.polled(consumer, records.partitions());
            // The priority lane's records first: de-duplication judges references in the order they are admitted.
            for (TopicPartition tp : lanes.priorityFirst(records.partitions())) {
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    lanes.add(admit(record));
                }
            }
            finishInference();
            dispatch();
            lanes.update(consumer);
            if (backpressure.update(consumer, inFlightCount(), priorityInFlight(), draining) && !draining) {
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
            if (dedup.isDuplicate(record.partition(), record.offset(), ref)) {
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
            if (committer.publish(done.batch(), result, consumer.groupMetadata()) == Outcome.NOT_PUBLISHED) {
                giveUpInFlight(); // the batches in the model too
                return;
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
        List<PolledItem> items = lanes.nextBatch(window, draining);
        return items.isEmpty() ? null : new Batch(items);
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

    // Forgets everything in flight and asks for a rewind, which the loop carries out after its next poll returns:
    // also when called from a rebalance callback, whose partitions are about to change anyway.
    private void giveUpInFlight() {
        running.clear();
        lanes.clear();
        dedup.clearInFlight();
        rewind.request();
    }

    // Called inside poll(): the group generation is still ours, so batches holding these partitions can still commit.
    // This is the one place they can: once the callback returns the partitions belong to the next owner and a
    // transaction carrying their offsets would be refused (Kafka's ConsumerRebalanceListener contract), so the finished
    // work would be thrown away and done again. Every batch taken is published (in order: a later one's offsets lie
    // after an earlier one's), within revokeWait; the rewind, if one is needed, waits until poll returns.
    void onRevoked(Collection<TopicPartition> partitions) {
        stats.partitionsRevoked();
        if (!closing && running.stream().anyMatch(r -> r.batch().touches(partitions))) {
            publishBeforeRevocation(partitions);
        }
        int dropped = lanes.drop(partitions);
        pauses.forget(partitions);
        dedup.forget(PartitionNumbers.leaving(consumer.assignment(), partitions));
        log.info("Partitions revoked: {} ({} queued records left to their next owner)", partitions, dropped);
    }

    private void publishBeforeRevocation(Collection<TopicPartition> partitions) {
        long deadline = nanoClock.getAsLong() + settings.revokeWait().toNanos();
        int published = 0;
        try {
            while (!running.isEmpty()) {
                Running r = running.peekFirst();
                long left = Math.max(0, deadline - nanoClock.getAsLong());
                BatchResult result = r.result().get(left, TimeUnit.NANOSECONDS);
                running.pollFirst();
                if (committer.publish(r.batch(), result, consumer.groupMetadata()) == Outcome.NOT_PUBLISHED) {
                    giveUpInFlight();
                    return;
                }
                published += result.size();
            }
            log.info("Published the batches the model was working on ({} records) before giving up {}", published,
                    partitions);
        } catch (TimeoutException e) {
            log.warn("The model did not finish its batches within {} of losing partitions {}; they will be read again",
                    settings.revokeWait(), partitions);
            giveUpInFlight();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUpInFlight();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the inference thread failed", e.getCause());
        }
    }

    // The group moved on without us: nothing of these partitions may be committed any more.
    void onLost(Collection<TopicPartition> partitions) {
        stats.partitionsLost();
        if (running.stream().anyMatch(r -> r.batch().touches(partitions))) {
            giveUpInFlight();
        }
        lanes.drop(partitions);
        pauses.forget(partitions);
        dedup.forget(PartitionNumbers.leaving(consumer.assignment(), partitions));
        log.warn("Partitions lost: {}; their uncommitted records will be read again by their next owner", partitions);
    }

    void onAssigned(Collection<TopicPartition> partitions) {
        stats.partitionsAssigned();
        if (backpressure.onAssigned(consumer, partitions)) {
            lanes.putFirst(partitions); // taken over: their records make their lane's next batch
        }
        lanes.onAssigned(consumer, partitions);
        if (!partitions.isEmpty()) {
            log.info("Partitions assigned: {}", partitions);
        } else if (consumer.assignment().isEmpty()) {
            // Ready and polling, but idle: an operator watching a stalled job needs to see why this worker is not
            // helping (more workers than partitions, or a dead member's partitions held until its session ends).
            log.warn("This worker owns no partition of {} after a rebalance: it waits for one (more workers than "
                    + "partitions, or a dead member's partitions held until its session times out)", settings.topics());
        }
        // Inside poll, before any record of these partitions is admitted. Only a labeled topic whose partitions do not
        // match the images topic's is fatal; marks that cannot be read just skip nothing.
        dedup.load(PartitionNumbers.arriving(consumer.assignment(), partitions));
    }


    private boolean isIdle() {
        return running.isEmpty() && lanes.isEmpty();
    }

    private int priorityInFlight() {
        int n = lanes.priorityQueued();
        for (Running r : running) {
            n += r.batch().count(lanes::isPriority);
        }
        return n;
    }

    private int inFlightCount() {
        int n = lanes.size();
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
            // A static member stays in the group after close unless told to leave: leave, so a stopped worker's
            // partitions move now and not after its session.
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
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
        try {
            dedup.close();
        } catch (RuntimeException e) {
            log.warn("Closing the labeled-topic reader failed", e);
        }
    }
}
