package io.breedline.sink.writer;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * The readable records one poll returned for one partition.
 *
 * @param records predictions or dead letters in offset order; unreadable messages are left out
 * @param nextOffset the consumer position after the poll: every offset before it has been seen (records, skipped
 *     unreadable messages, transaction markers), so it is what to commit once the records are durable
 */
public record PartitionBatch(TopicPartition partition, List<ResultRecord> records, long nextOffset) {
    public PartitionBatch {
        Objects.requireNonNull(partition, "partition");
        records = List.copyOf(records);
        if (!records.isEmpty() && records.get(records.size() - 1).offset() >= nextOffset) {
            throw new IllegalArgumentException("nextOffset " + nextOffset + " must be past the last record of " + partition);
        }
    }
}
