package io.breedline.sink.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;

/**
 * Kafka's MockConsumer over a log that stays: every poll returns the records at or after the position, so seeking back
 * reads them again, as with a broker.
 */
final class LogConsumer extends MockConsumer<byte[], byte[]> {
    private final List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();

    LogConsumer() {
        super("earliest");
    }

    void append(ConsumerRecord<byte[], byte[]> record) {
        log.add(record);
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        log.forEach(this::addRecord);
        return super.poll(Duration.ZERO);
    }
}
