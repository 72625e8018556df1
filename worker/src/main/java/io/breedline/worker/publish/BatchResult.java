package io.breedline.worker.publish;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Prediction;
import io.breedline.worker.dedup.Dedup;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything one batch produced, published in one transaction: its predictions, its dead letters, the input
 * offsets they account for (the next offset to read per partition), the labeled-topic marks of the predictions, and a
 * notice for each reference skipped as already labeled (so its job counts the image as done).
 */
public record BatchResult(
        List<Prediction> predictions,
        List<DeadLetter> deadLetters,
        Map<TopicPartition, OffsetAndMetadata> offsets,
        List<Dedup.Mark> marks,
        List<AlreadyLabeled> alreadyLabeled) {

    public BatchResult {
        predictions = List.copyOf(predictions);
        deadLetters = List.copyOf(deadLetters);
        offsets = Map.copyOf(offsets);
        marks = List.copyOf(marks);
        alreadyLabeled = List.copyOf(alreadyLabeled);
    }

    public BatchResult(List<Prediction> predictions, List<DeadLetter> deadLetters, Map<TopicPartition, OffsetAndMetadata> offsets,
            List<Dedup.Mark> marks) {
        this(predictions, deadLetters, offsets, marks, List.of());
    }

    public BatchResult(List<Prediction> predictions, List<DeadLetter> deadLetters, Map<TopicPartition, OffsetAndMetadata> offsets) {
        this(predictions, deadLetters, offsets, List.of(), List.of());
    }

    /** The same results with the labeled-topic marks their predictions write (see {@link Dedup}). */
    public BatchResult withMarks(List<Dedup.Mark> marks) {
        return new BatchResult(predictions, deadLetters, offsets, marks, alreadyLabeled);
    }

    /** Predictions and dead letters: the images this batch labeled or gave up on (skipped ones are not counted). */
    public int size() {
        return predictions.size() + deadLetters.size();
    }
}
