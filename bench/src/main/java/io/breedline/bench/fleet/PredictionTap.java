package io.breedline.bench.fleet;

import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.contracts.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the predictions topic as a downstream consumer does (read_committed, so only published batches count) and
 * keeps, per prediction, when the worker produced it and which worker it was. No consumer group: it takes every
 * partition itself and never rebalances.
 */
final class PredictionTap implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<StreamStats.Event> events = new ArrayList<>();
    private final List<Seen> seen = new ArrayList<>();
    private volatile boolean stopping;
    private volatile Throwable failure;

    PredictionTap(String bootstrapServers, String topic, int partitions) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> all = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            all.add(new TopicPartition(topic, i));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        thread = new Thread(this::run, "fleet-prediction-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    add(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable t) {
            failure = t;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void add(ConsumerRecord<byte[], byte[]> r) throws MalformedMessageException {
        Prediction p = Json.readPrediction(r.value());
        long now = System.currentTimeMillis();
        synchronized (events) {
            events.add(new StreamStats.Event(r.timestamp(), p.workerId(), r.partition()));
            seen.add(new Seen(p.imageId(), r.timestamp(), now));
        }
    }

    /** Everything read so far. */
    List<StreamStats.Event> events() {
        if (failure != null) {
            throw new IllegalStateException("reading predictions failed: " + failure, failure);
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * A prediction as a downstream reader saw it: produced at {@code producedMs} (the worker's send), readable
     * (committed) when this tap read it at {@code readMs}.
     */
    record Seen(String imageId, long producedMs, long readMs) {}

    /** Every prediction read so far, with when it became readable. */
    List<Seen> seen() {
        events(); // fails if reading failed
        synchronized (events) {
            return List.copyOf(seen);
        }
    }

    int count() {
        synchronized (events) {
            return events.size();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
