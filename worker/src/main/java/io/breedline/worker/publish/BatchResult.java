package io.breedline.worker.publish;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Prediction;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything one batch produced, published in one transaction: its predictions, its dead letters, and the input
 * offsets they account for (the next offset to read per partition).
 */
public record BatchResult(
        List<Prediction> predictions,
        List<DeadLetter> deadLetters,
        Map<TopicPartition, OffsetAndMetadata> offsets) {

    public BatchResult {
        predictions = List.copyOf(predictions);
        deadLetters = List.copyOf(deadLetters);
        offsets = Map.copyOf(offsets);
    }

    public int size() {
        return predictions.size() + deadLetters.size();
    }
}
