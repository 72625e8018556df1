package io.breedline.worker.consume;

import io.breedline.clients.kafka.GroupMembership;
import io.breedline.clients.kafka.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The worker's Kafka client properties: defaults, then the operator's {@code BREEDLINE_KAFKA_*} values, then the
 * settings exactly-once depends on, which cannot be overridden.
 */
public final class KafkaClients {
    public static final int TRANSACTION_TIMEOUT_MS_DEFAULT = 10_000;
    public static final int MAX_PARTITION_FETCH_BYTES_DEFAULT = 16 * 1024;
    /** The broker-side assignor asked for under Kafka 4's consumer protocol: it keeps the lanes co-partitioned. */
    static final String SERVER_ASSIGNOR = "range";

    private KafkaClients() {}

    public static Map<String, Object> consumer(KafkaSettings kafka, String groupId, String workerId, int maxPollRecords) {
        // Static membership under the worker id and a 6 s session: a killed worker's partitions move in seconds.
        Map<String, Object> p = new HashMap<>(GroupMembership.defaults(kafka, workerId));
        // Bounded like the in-flight limit, so one poll never brings far more than the pipeline can hold.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // A fetch brings about one producer batch per partition (references are a few hundred bytes), not the 1 MiB
        // default: the consumer hands out one partition's fetched records before the next's, so with 1 MiB a backlog
        // of one partition (thousands of references) would starve the others, a partition taken over from a dead
        // worker included, for minutes.
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES_DEFAULT);
        if (GroupMembership.classic(kafka)) {
            // Incremental rebalances: a worker joining or leaving does not stop every other worker's partitions; and
            // the lanes co-partitioned, for de-duplication across them. The plain cooperative sticky assignor is
            // listed second so that workers of a version without lanes and new ones agree on one during a rolling
            // upgrade. (The KIP-848 "consumer" protocol assigns on the broker and refuses a client-side assignor.)
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    LanePairAssignor.class.getName() + "," + CooperativeStickyAssignor.class.getName());
        } else {
            // The broker assigns. Its default ("uniform") spreads the two lanes' partitions independently: one worker
            // can get every priority partition and nothing else, and idle through a backfill. Its "range" assignor
            // co-partitions topics of equal partition counts, as LanePairAssignor does.
            p.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, SERVER_ASSIGNOR);
        }
        p.putAll(known(kafka.common(), ConsumerConfig.configNames()));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Offsets are committed only inside the producer's transactions, with the predictions they produced.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Ingest may write the images topic transactionally: never act on an aborted reference.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A new group starts at the beginning: no image submitted before the first worker started is skipped.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Bytes, not objects: an unreadable value must reach the dead-letter topic as it was.
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    public static Map<String, Object> producer(KafkaSettings kafka, String transactionalId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A transaction spans only the publishing of one batch (milliseconds). A worker killed inside one leaves it
        // open, and read_committed readers of its partitions (the next owner's committed offsets, the sink) wait
        // until the broker aborts it: after this long (plus up to the broker's 10 s abort scan) rather than 60 s.
        // A replacement under the same worker id aborts it at once.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS_DEFAULT);
        p.putAll(known(kafka.common(), ProducerConfig.configNames()));
        // One id per process: a restarted worker gets a new one, so it never fences a live peer.
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    // BREEDLINE_KAFKA_* is shared by both clients; give each what it understands, so neither logs warnings about the
    // other's settings (max.poll.interval.ms means nothing to a producer). Names neither client knows (plugin
    // settings) go to both.
    private static Map<String, Object> known(Map<String, Object> common, Set<String> names) {
        Map<String, Object> out = new HashMap<>();
        common.forEach((k, v) -> {
            boolean otherClients = ConsumerConfig.configNames().contains(k) || ProducerConfig.configNames().contains(k);
            if (names.contains(k) || !otherClients) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The consumer's {@code max.poll.interval.ms} as configured, for bounding waits inside rebalance callbacks. */
    public static long maxPollIntervalMs(Map<String, Object> consumerProps) {
        Object v = consumerProps.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        return v == null ? 300_000L : Long.parseLong(v.toString().strip());
    }
}
