package io.breedline.ingest.trigger;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import io.breedline.ingest.notify.Translation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka records of one translation: references on their lane's topic (the priority lane's, unless the run chose
 * another), dead letters on theirs, keyed by image id.
 */
final class TriggerRecords {
    private TriggerRecords() {}

    static List<ProducerRecord<byte[], byte[]>> of(Translation translation, Topics topics, Lane lane) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (ImageRef ref : translation.references()) {
            records.add(new ProducerRecord<>(lane.topic(topics), key(ref.imageId()), Json.write(ref)));
        }
        for (DeadLetter dead : translation.deadLetters()) {
            records.add(new ProducerRecord<>(topics.deadLetters(), key(dead.imageId()), Json.write(dead)));
        }
        return records;
    }

    private static byte[] key(String imageId) {
        return imageId.getBytes(StandardCharsets.UTF_8);
    }
}
