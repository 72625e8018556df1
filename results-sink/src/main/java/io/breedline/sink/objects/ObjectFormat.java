package io.breedline.sink.objects;

import io.breedline.sink.writer.ResultRecord;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * How one window of results becomes the bytes of one object. The bytes must depend only on the records, so that a
 * replayed window overwrites its object with the same content.
 */
public interface ObjectFormat {
    /** The object key's ending, with its dot: {@code .jsonl}, {@code .parquet}. */
    String extension();

    String contentType();

    /**
     * @param partition where the records came from (one topic, so one kind of record, per object)
     * @param records the window's readable records in offset order, never empty
     */
    byte[] encode(TopicPartition partition, List<ResultRecord> records) throws java.io.IOException;
}
