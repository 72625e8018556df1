package io.breedline.sink.ops;

import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.WriteException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A writer that times every write and counts the results it accepted. */
public final class MeteredWriter implements ResultWriter {
    private final ResultWriter writer;
    private final SinkMetrics metrics;

    public MeteredWriter(ResultWriter writer, SinkMetrics metrics) {
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public void open() throws WriteException {
        writer.open();
    }

    @Override
    public Map<TopicPartition, Long> write(List<PartitionBatch> batches, Instant now) throws WriteException {
        long start = System.nanoTime();
        try {
            Map<TopicPartition, Long> durable = writer.write(batches, now);
            metrics.written(batches, System.nanoTime() - start);
            return durable;
        } catch (WriteException e) {
            metrics.failed();
            throw e;
        }
    }

    @Override
    public void discard(Collection<TopicPartition> partitions) {
        writer.discard(partitions);
    }

    @Override
    public void flushBuffered() throws WriteException {
        writer.flushBuffered();
    }

    @Override
    public void close() {
        writer.close();
    }
}
