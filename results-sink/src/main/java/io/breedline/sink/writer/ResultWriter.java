package io.breedline.sink.writer;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes results to the target. Called from the poll thread only.
 *
 * <p>The contract that keeps offsets honest: {@link #write} returns, per partition, the offset up to which everything
 * is durable in the target; the caller commits exactly that, never more. A writer may keep records buffered (S3 does,
 * to fill an object) and report them durable in a later call.
 */
public interface ResultWriter extends AutoCloseable {

    /** Checks the target can be written (creates the schema, finds the bucket), so a bad setting fails at start-up. */
    void open() throws WriteException;

    /**
     * Writes the results of one poll.
     *
     * @param batches per partition, the readable records of this poll in offset order (possibly none)
     * @param now the poll time, for time-based flushes
     * @return per partition, the next offset to consume such that everything before it is durable; partitions with
     *     nothing newly durable may be missing
     * @throws WriteException when the target refused; nothing of this call counts as durable then
     */
    Map<TopicPartition, Long> write(List<PartitionBatch> batches, Instant now) throws WriteException;

    /** Forgets buffered, not yet durable records of these partitions; they will be consumed again. */
    void discard(Collection<TopicPartition> partitions);

    /** At shutdown: makes buffered records visible in the target, without counting them as durable. */
    default void flushBuffered() throws WriteException {}

    @Override
    void close();
}
