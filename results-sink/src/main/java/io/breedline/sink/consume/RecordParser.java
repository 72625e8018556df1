package io.breedline.sink.consume;

import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.contracts.Topics;
import io.breedline.sink.writer.ResultRecord;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a record of the predictions, dead-letters or already-labeled topic. An unreadable one is logged and skipped: it cannot be a
 * valid result, and sending it to yet another dead-letter topic would only move the problem.
 */
final class RecordParser {
    private static final Logger log = LoggerFactory.getLogger(RecordParser.class);

    private final Topics topics;

    RecordParser(Topics topics) {
        this.topics = topics;
    }

    Optional<ResultRecord> parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(topics.predictions())) {
                return Optional.of(ResultRecord.of(record.offset(), Json.readPrediction(record.value())));
            }
            if (record.topic().equals(topics.deadLetters())) {
                return Optional.of(ResultRecord.of(record.offset(), Json.readDeadLetter(record.value())));
            }
            if (record.topic().equals(topics.alreadyLabeled())) {
                return Optional.of(ResultRecord.of(record.offset(), Json.readAlreadyLabeled(record.value())));
            }
            log.warn("skipping a record of unexpected topic {} (partition {}, offset {})",
                    record.topic(), record.partition(), record.offset());
        } catch (MalformedMessageException e) {
            log.warn("skipping unreadable message at {}-{} offset {}: {}",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
        }
        return Optional.empty();
    }
}
