package io.breedline.worker;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Topics;
import io.breedline.testkit.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the worker's output as downstream does (read_committed) and keeps everything it saw. */
final class ResultReader implements AutoCloseable {
    final List<Prediction> predictions = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final List<String> predictionKeys = new ArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;

    ResultReader(String bootstrapServers, Topics topics) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, Names.unique("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.predictions(), topics.deadLetters()));
    }

    void poll() throws MalformedMessageException {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.topic().equals(topics.predictions())) {
                predictions.add(Json.readPrediction(r.value()));
                predictionKeys.add(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
            } else {
                deadLetters.add(Json.readDeadLetter(r.value()));
            }
        }
    }

    int total() {
        return predictions.size() + deadLetters.size();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
