package io.breedline.sink.writer;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * Two targets fed by one consumer: {@code ./breedline label --output parquet:DIR} keeps its SQLite database (which the
 * table and progress read) and writes the files beside it. An offset counts as durable only when it is durable in
 * both, so a restart replays into both, and each target's own rule (upsert, same object key) absorbs the replay.
 */
public record TeeTarget(SinkTarget first, SinkTarget second) implements SinkTarget {
    public TeeTarget {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    @Override
    public ResultWriter createWriter(Clock clock) {
        return new Tee(first.createWriter(clock), second.createWriter(clock));
    }

    private record Tee(ResultWriter a, ResultWriter b) implements ResultWriter {
        @Override
        public void open() throws WriteException {
            a.open();
            b.open();
        }

        @Override
        public Map<TopicPartition, Long> write(List<PartitionBatch> batches, Instant now) throws WriteException {
            Map<TopicPartition, Long> fromA = a.write(batches, now);
            Map<TopicPartition, Long> fromB = b.write(batches, now);
            Map<TopicPartition, Long> both = new HashMap<>();
            fromA.forEach((tp, offset) -> {
                Long other = fromB.get(tp);
                if (other != null) {
                    both.put(tp, Math.min(offset, other));
                }
            });
            return both;
        }

        @Override
        public void discard(Collection<TopicPartition> partitions) {
            a.discard(partitions);
            b.discard(partitions);
        }

        @Override
        public void flushBuffered() throws WriteException {
            a.flushBuffered();
            b.flushBuffered();
        }

        @Override
        public void close() {
            try {
                a.close();
            } finally {
                b.close();
            }
        }
    }
}
