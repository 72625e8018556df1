package io.breedline.service.status;

import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Each lane's consumer lag for the workers' group, computed as KEDA's Kafka scaler computes it: the end of each
 * partition (read_committed, so an open ingest transaction does not count) minus the group's committed offset.
 */
public final class LaneLagReader implements AutoCloseable {
    private final Admin admin;
    private final String group;
    private final Topics topics;
    private final Duration timeout;

    public LaneLagReader(KafkaSettings kafka, String group, Topics topics, Duration timeout) {
        this.admin = Admin.create(kafka.common());
        this.group = group;
        this.topics = topics;
        this.timeout = timeout;
    }

    public String group() {
        return group;
    }

    /** Both lanes, priority first. */
    public List<LaneBacklog> read() throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics.lanes()).topicNameValues();
        List<TopicPartition> partitions = new ArrayList<>();
        Map<Lane, Integer> counts = new HashMap<>();
        for (Lane lane : Lane.values()) {
            TopicDescription d = describeOrNull(described.get(lane.topic(topics)));
            counts.put(lane, d == null ? 0 : d.partitions().size());
            if (d != null) {
                d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
            }
        }
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        List<LaneBacklog> lanes = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            String topic = lane.topic(topics);
            long lag = 0;
            long position = 0;
            for (TopicPartition tp : partitions) {
                if (tp.topic().equals(topic)) {
                    OffsetAndMetadata c = committed.get(tp);
                    long from = c == null ? starts.get(tp) : c.offset();
                    lag += Math.max(0, ends.get(tp) - from);
                    position += c == null ? 0 : c.offset();
                }
            }
            lanes.add(new LaneBacklog(lane, topic, counts.get(lane), lag, position));
        }
        return lanes;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = get(admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private TopicDescription describeOrNull(KafkaFuture<TopicDescription> f) throws InterruptedException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null; // shown as a missing topic, not an error: a cluster may not have created the lane yet
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s", e);
        }
    }

    private <T> T get(KafkaFuture<T> f) throws InterruptedException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
