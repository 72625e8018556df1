package io.breedline.sink.consume;

import io.breedline.contracts.Topics;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.WriteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread: poll, parse, hand the records to the writer, commit what the writer reports durable.
 *
 * <p>Offsets: per partition the loop knows the first offset not yet durable in the target. It commits only up to
 * there, and only after the writer returned. When a write fails it seeks every partition back to that offset, lets
 * the writer drop what it buffered, pauses all partitions and keeps calling {@code poll()} (which then returns
 * nothing) until the backoff has passed, so the consumer stays in its group however long the database is down. Then
 * it resumes and the same records come again. Upserts and deterministic object keys make the second write harmless.
 */
public final class SinkLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final RecordParser parser;
    private final ResultWriter writer;
    private final RetryBackoff backoff;
    private final Duration pollTimeout;
    private final Clock clock;

    // Per assigned partition that has returned records: the first offset not yet durable in the target.
    private final Map<TopicPartition, Long> durable = new HashMap<>();
    // Per such partition: the offset last committed by this consumer (or where it started reading).
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    // Test-only crash between an acknowledged write and its commit; a no-op unless BREEDLINE_FAILPOINT names it.
    private final Failpoint afterWrite = Failpoint.fromEnvironment("sink-after-write");
    private volatile boolean stopping;
    private int failures;
    private volatile Instant retryAt;

    public SinkLoop(Consumer<byte[], byte[]> consumer, Topics topics, ResultWriter writer, RetryBackoff backoff,
            Duration pollTimeout, Clock clock) {
        this.consumer = consumer;
        this.topics = topics;
        this.parser = new RecordParser(topics);
        this.writer = writer;
        this.backoff = backoff;
        this.pollTimeout = pollTimeout;
        this.clock = clock;
    }

    /** Polls until {@link #stop()}, then finishes: the last write is committed before this returns. */
    @Override
    public void run() {
        subscribe();
        while (!stopping) {
            step();
        }
        if (retryAt == null) {
            try {
                writer.flushBuffered();
            } catch (WriteException e) {
                log.warn("could not make buffered results visible at shutdown (they will be written after restart): {}",
                        e.getMessage());
            }
        }
        commitDurable(durable.keySet());
    }

    /** Asks the loop to stop after the current poll and write. Any thread. */
    public void stop() {
        stopping = true;
    }

    /** True while writes are failing and consumption is paused. Any thread. */
    public boolean backingOff() {
        return retryAt != null;
    }

    void subscribe() {
        consumer.subscribe(List.of(topics.predictions(), topics.deadLetters(), topics.alreadyLabeled()), new Rebalance());
    }

    /** One poll, write and commit. Throws {@link SinkFailedException} when a write failed in a way retries cannot fix. */
    void step() {
        if (retryAt != null && !clock.instant().isBefore(retryAt)) {
            retryAt = null;
            consumer.resume(consumer.paused());
            log.info("retrying the write after {} failure(s)", failures);
        }
        if (retryAt != null) {
            consumer.pause(consumer.assignment());
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
        if (retryAt != null) {
            rewind(records);
            return;
        }
        List<PartitionBatch> batches = parse(records);
        try {
            Map<TopicPartition, Long> written = writer.write(batches, clock.instant());
            written.forEach((tp, offset) -> durable.computeIfPresent(tp, (k, old) -> Math.max(old, offset)));
            if (failures > 0) {
                log.info("writing results works again after {} failure(s)", failures);
                failures = 0;
            }
        } catch (WriteException e) {
            if (!e.retriable()) {
                throw new SinkFailedException("results cannot be written, stopping: " + e.getMessage(), e);
            }
            backOff(e);
        }
        commitDurable(durable.keySet());
    }

    private List<PartitionBatch> parse(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, List<ResultRecord>> parsed = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            long first = list.get(0).offset();
            durable.putIfAbsent(tp, first);
            committed.putIfAbsent(tp, first);
            List<ResultRecord> out = new ArrayList<>(list.size());
            for (ConsumerRecord<byte[], byte[]> r : list) {
                parser.parse(r).ifPresent(out::add);
            }
            parsed.put(tp, out);
        }
        // Every tracked partition, with or without records: its position may have moved past transaction markers,
        // and a writer with buffered records needs the chance to flush on time.
        List<PartitionBatch> batches = new ArrayList<>(durable.size());
        for (TopicPartition tp : durable.keySet()) {
            batches.add(new PartitionBatch(tp, parsed.getOrDefault(tp, List.of()), consumer.position(tp)));
        }
        return batches;
    }

    private void backOff(WriteException e) {
        failures++;
        Duration wait = backoff.delay(failures);
        log.warn("writing results failed ({} in a row); pausing consumption and retrying in {}: {}",
                failures, wait, e.getMessage());
        Set<TopicPartition> assigned = consumer.assignment();
        writer.discard(assigned);
        durable.forEach(consumer::seek);
        consumer.pause(assigned);
        retryAt = clock.instant().plus(wait);
    }

    /** Records that arrived while paused (a partition assigned during the poll) are not processed: read them again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            long first = records.records(tp).get(0).offset();
            long from = durable.containsKey(tp) ? Math.min(durable.get(tp), first) : first;
            consumer.seek(tp, from);
        }
        consumer.pause(records.partitions());
    }

    private void commitDurable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long d = durable.get(tp);
            Long c = committed.get(tp);
            if (d != null && (c == null || d > c)) {
                offsets.put(tp, new OffsetAndMetadata(d));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        afterWrite.hit();
        try {
            consumer.commitSync(offsets);
            offsets.forEach((tp, om) -> committed.put(tp, om.offset()));
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            // The results are already in the target; the next commit covers them, or the next owner rewrites them.
            log.warn("committing offsets failed, will retry: {}", e.getMessage());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitDurable(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("assigned {}", partitions);
            }
            if (retryAt != null) {
                consumer.pause(partitions);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            writer.discard(partitions);
            partitions.forEach(tp -> {
                durable.remove(tp);
                committed.remove(tp);
            });
        }
    }
}
