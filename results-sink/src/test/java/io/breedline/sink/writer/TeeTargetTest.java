package io.breedline.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TeeTargetTest {
    private static final TopicPartition P0 = new TopicPartition("preds", 0);
    private static final TopicPartition P1 = new TopicPartition("preds", 1);

    /** A writer that reports fixed durable offsets and records what it was asked to do. */
    private static final class Fixed implements ResultWriter {
        final Map<TopicPartition, Long> durable;
        final List<String> calls = new ArrayList<>();

        Fixed(Map<TopicPartition, Long> durable) {
            this.durable = durable;
        }

        @Override
        public void open() {
            calls.add("open");
        }

        @Override
        public Map<TopicPartition, Long> write(List<PartitionBatch> batches, Instant now) {
            calls.add("write");
            return durable;
        }

        @Override
        public void discard(Collection<TopicPartition> partitions) {
            calls.add("discard " + partitions);
        }

        @Override
        public void flushBuffered() {
            calls.add("flush");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void anOffsetIsDurableOnlyWhenBothTargetsHoldIt() throws Exception {
        Fixed sql = new Fixed(Map.of(P0, 10L, P1, 20L));
        Fixed files = new Fixed(Map.of(P0, 6L));
        ResultWriter tee = new TeeTarget(c -> sql, c -> files).createWriter(Clock.systemUTC());

        tee.open();
        Map<TopicPartition, Long> durable = tee.write(List.of(), Instant.EPOCH);
        tee.discard(List.of(P1));
        tee.flushBuffered();
        tee.close();

        assertThat(durable).containsExactly(Map.entry(P0, 6L));
        assertThat(sql.calls).containsExactly("open", "write", "discard [preds-1]", "flush", "close");
        assertThat(files.calls).isEqualTo(sql.calls);
    }
}
