package io.breedline.bench;

import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.StageTimings;
import io.breedline.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a round published, read back as a downstream reader sees it (read_committed): the backfill's predictions, how
 * many distinct images they cover (fewer than predictions: an image labeled twice), every dead letter, and the worker's
 * stage times of the uploads' predictions (where an upload's time went).
 */
record PredictionCount(long predictions, long distinctImages, long deadLetters, List<StageTimings> uploadTimings) {

    long duplicates() {
        return predictions - distinctImages;
    }

    static PredictionCount read(String bootstrapServers, Topics topics, String backfillJob, String uploadJob)
            throws MalformedMessageException {
        Set<String> images = new HashSet<>();
        long[] predictions = {0};
        List<StageTimings> uploads = new ArrayList<>();
        read(bootstrapServers, topics.predictions(), r -> {
            Prediction p = Json.readPrediction(r.value());
            if (backfillJob.equals(p.jobId())) {
                predictions[0]++;
                images.add(p.imageId());
            } else if (uploadJob.equals(p.jobId()) && p.timings() != null) {
                uploads.add(p.timings());
            }
        });
        long[] dead = {0};
        read(bootstrapServers, topics.deadLetters(), r -> dead[0]++);
        return new PredictionCount(predictions[0], images.size(), dead[0], List.copyOf(uploads));
    }

    /** The uploads' stage times, p50/p99 in ms: fetch, decode, queue wait (prepared to model), inference; batch size. */
    String uploadStages() {
        if (uploadTimings.isEmpty()) {
            return "";
        }
        return "fetch " + p50p99(StageTimings::fetchMs) + ", decode " + p50p99(StageTimings::decodeMs) + ", queue wait "
                + p50p99(StageTimings::queueWaitMs) + ", inference " + p50p99(StageTimings::inferenceMs)
                + " ms (p50/p99); batch size " + p50p99(StageTimings::batchSize);
    }

    private String p50p99(java.util.function.ToLongFunction<StageTimings> f) {
        long[] v = uploadTimings.stream().mapToLong(f).sorted().toArray();
        return LatencySummary.nearestRank(v, 50) + "/" + LatencySummary.nearestRank(v, 99);
    }

    private interface Each {
        void accept(ConsumerRecord<byte[], byte[]> r) throws MalformedMessageException;
    }

    private static void read(String bootstrapServers, String topic, Each each) throws MalformedMessageException {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end offsets are the last stable offsets, which is where reading stops.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(r);
                }
            }
        }
    }
}
