package io.breedline.sink.consume;

import static io.breedline.sink.TestResults.deadLetter;
import static io.breedline.sink.TestResults.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.contracts.Json;
import io.breedline.contracts.Topics;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.WriteException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SinkLoopTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final TopicPartition PREDICTIONS = new TopicPartition(TOPICS.predictions(), 0);
    private static final TopicPartition DEAD_LETTERS = new TopicPartition(TOPICS.deadLetters(), 0);
    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8));

    private final LogConsumer consumer = new LogConsumer();
    private final FakeWriter writer = new FakeWriter();
    private final MutableClock clock = new MutableClock();
    private SinkLoop loop;

    @BeforeEach
    void assign() {
        loop = new SinkLoop(consumer, TOPICS, writer, BACKOFF, Duration.ofMillis(10), clock);
        loop.subscribe();
        consumer.rebalance(List.of(PREDICTIONS, DEAD_LETTERS));
        consumer.updateBeginningOffsets(Map.of(PREDICTIONS, 0L, DEAD_LETTERS, 0L));
    }

    @Test
    void commitsExactlyWhatTheWriterReportsDurable() {
        appendPredictions(PREDICTIONS, 0, 3);
        appendRecord(DEAD_LETTERS, 0, Json.write(deadLetter("/x.txt", "job-1")));

        loop.step();

        assertThat(writer.offsetsWritten(PREDICTIONS)).containsExactly(0L, 1L, 2L);
        assertThat(writer.offsetsWritten(DEAD_LETTERS)).containsExactly(0L);
        assertThat(committed()).isEqualTo(Map.of(PREDICTIONS, 3L, DEAD_LETTERS, 1L));
    }

    @Test
    void commitsNothingBeyondWhatIsDurable() {
        writer.durable = b -> b.records().isEmpty() ? b.nextOffset() : b.records().get(0).offset() + 1;
        appendPredictions(PREDICTIONS, 0, 4);

        loop.step();

        assertThat(committed()).isEqualTo(Map.of(PREDICTIONS, 1L));
    }

    @Test
    void aFailedWriteCommitsNothingPausesAndRetriesTheSameRecordsAfterTheBackoff() {
        appendPredictions(PREDICTIONS, 0, 3);
        writer.failuresLeft = 2;

        loop.step(); // fails: rewinds, pauses, waits 1 s
        assertThat(committed()).isEmpty();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(PREDICTIONS, DEAD_LETTERS);
        assertThat(consumer.position(PREDICTIONS)).isZero();
        assertThat(writer.discarded).containsExactlyInAnyOrder(PREDICTIONS, DEAD_LETTERS);
        assertThat(loop.backingOff()).isTrue();

        loop.step(); // still within the backoff: polls (stays in the group), writes nothing
        assertThat(writer.calls).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        loop.step(); // second failure: waits 2 s now
        assertThat(writer.calls).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        loop.step();
        assertThat(writer.calls).isEqualTo(2);
        assertThat(committed()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        appendPredictions(PREDICTIONS, 3, 1); // arrived meanwhile
        loop.step();
        assertThat(loop.backingOff()).isFalse();
        assertThat(consumer.paused()).isEmpty();
        assertThat(writer.offsetsWritten(PREDICTIONS)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(committed()).isEqualTo(Map.of(PREDICTIONS, 4L));
    }

    @Test
    void afterAFailureReadingResumesFromTheFirstOffsetNotDurable() {
        appendPredictions(PREDICTIONS, 0, 2);
        loop.step();
        assertThat(committed()).isEqualTo(Map.of(PREDICTIONS, 2L));

        appendPredictions(PREDICTIONS, 2, 2);
        writer.failuresLeft = 1;
        loop.step();
        assertThat(consumer.position(PREDICTIONS)).isEqualTo(2L);

        clock.advance(Duration.ofSeconds(1));
        loop.step();
        assertThat(writer.offsetsWritten(PREDICTIONS)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(committed()).isEqualTo(Map.of(PREDICTIONS, 4L));
    }

    @Test
    void unreadableMessagesAreSkippedAndCommittedPast() {
        appendPredictions(PREDICTIONS, 0, 1);
        appendRecord(PREDICTIONS, 1, "not json".getBytes(StandardCharsets.UTF_8));
        appendRecord(PREDICTIONS, 2, "{\"schemaVersion\":99}".getBytes(StandardCharsets.UTF_8));
        appendRecord(PREDICTIONS, 3, null);
        appendPredictions(PREDICTIONS, 4, 1);

        loop.step();

        assertThat(writer.offsetsWritten(PREDICTIONS)).containsExactly(0L, 4L);
        assertThat(committed()).isEqualTo(Map.of(PREDICTIONS, 5L));
    }

    @Test
    void aFailureRetriesCannotFixStopsTheLoop() {
        appendPredictions(PREDICTIONS, 0, 1);
        writer.fatal = true;

        assertThatThrownBy(loop::step)
                .isInstanceOf(SinkFailedException.class)
                .hasMessageContaining("bucket is gone");
        assertThat(committed()).isEmpty();
    }

    @Test
    void idlePollsDoNotCommitAgain() {
        appendPredictions(PREDICTIONS, 0, 1);
        loop.step();
        loop.step();
        loop.step();
        assertThat(committed()).isEqualTo(Map.of(PREDICTIONS, 1L));
        assertThat(writer.calls).isEqualTo(3); // the writer still sees every poll, for time-based flushes
    }

    @Test
    void revokedPartitionsHaveTheirBuffersDropped() {
        appendPredictions(PREDICTIONS, 0, 2);
        loop.step();

        consumer.rebalance(List.of(DEAD_LETTERS));

        assertThat(writer.discarded).containsExactly(PREDICTIONS);
    }

    private Map<TopicPartition, Long> committed() {
        Map<TopicPartition, Long> out = new HashMap<>();
        consumer.committed(Set.of(PREDICTIONS, DEAD_LETTERS)).forEach((tp, om) -> {
            if (om != null) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    private void appendPredictions(TopicPartition tp, long from, int count) {
        for (long o = from; o < from + count; o++) {
            appendRecord(tp, o, Json.write(prediction("/dogs/" + o + ".jpg", "job-1")));
        }
    }

    private void appendRecord(TopicPartition tp, long offset, byte[] value) {
        consumer.append(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null, value));
    }

    /** Remembers what it was given; reports everything durable unless told otherwise. */
    private static final class FakeWriter implements ResultWriter {
        final Map<TopicPartition, List<Long>> written = new HashMap<>();
        final List<TopicPartition> discarded = new ArrayList<>();
        ToLongFunction<PartitionBatch> durable = PartitionBatch::nextOffset;
        int failuresLeft;
        boolean fatal;
        int calls;

        @Override
        public void open() {}

        @Override
        public Map<TopicPartition, Long> write(List<PartitionBatch> batches, Instant now) throws WriteException {
            calls++;
            if (fatal) {
                throw new WriteException("bucket is gone", null, false);
            }
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new WriteException("database is down", null, true);
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            for (PartitionBatch b : batches) {
                for (ResultRecord r : b.records()) {
                    written.computeIfAbsent(b.partition(), k -> new ArrayList<>()).add(r.offset());
                }
                out.put(b.partition(), durable.applyAsLong(b));
            }
            return out;
        }

        List<Long> offsetsWritten(TopicPartition tp) {
            return written.getOrDefault(tp, List.of());
        }

        @Override
        public void discard(Collection<TopicPartition> partitions) {
            discarded.addAll(partitions);
        }

        @Override
        public void close() {}
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-03-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
