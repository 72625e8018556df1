package io.breedline.service.status;

import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.JobRecord;
import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest record of every job on the compacted jobs topic. A consumer without a group, assigned every partition:
 * it reads from the beginning to the end offsets, then on each {@link #refresh()} only what was added since, so a
 * live status costs one fetch a second. Reading to the end offsets (not until a poll comes back empty) makes the view
 * complete as of the refresh.
 */
public final class JobTopicReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobTopicReader.class);
    public static final Duration TIMEOUT_DEFAULT = Duration.ofSeconds(15);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration timeout;
    private final Map<String, JobRecord> latest = new HashMap<>();
    private List<TopicPartition> partitions;

    public JobTopicReader(KafkaSettings kafka, String topic, Duration timeout) {
        this(new KafkaConsumer<>(properties(kafka)), topic, timeout);
    }

    JobTopicReader(Consumer<byte[], byte[]> consumer, String topic, Duration timeout) {
        this.consumer = consumer;
        this.topic = topic;
        this.timeout = timeout;
    }

    static Map<String, Object> properties(KafkaSettings kafka) {
        Map<String, Object> props = new HashMap<>(kafka.common());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "breedline-status");
        // No group: nothing to join or commit, and any number of status readers at once.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Asking about a missing jobs topic must not create it: the broker would make it uncompacted, and ingest then
        // finds it existing and keeps it that way.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** Reads what was added since the last refresh, up to the end offsets as of now. */
    public void refresh() {
        Instant deadline = Instant.now().plus(timeout);
        if (partitions == null) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                // No topic yet: no job has ever run against this cluster (or it uses another BREEDLINE_TOPIC_JOBS).
                return;
            }
            partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        while (!reached(end)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("reading jobs topic '" + topic + "' timed out after " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    JobRecord job = Json.readJobRecord(r.value());
                    latest.put(job.jobId(), job);
                } catch (MalformedMessageException e) {
                    log.warn("skipping unreadable job record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                }
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    public Optional<JobRecord> job(String jobId) {
        return Optional.ofNullable(latest.get(jobId));
    }

    /** Every job seen, the most recently started first. */
    public List<JobRecord> jobsNewestFirst() {
        List<JobRecord> jobs = new ArrayList<>(latest.values());
        jobs.sort(Comparator.comparing(JobRecord::startedAt).reversed().thenComparing(JobRecord::jobId));
        return jobs;
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
