package io.breedline.worker.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Per-lane lag and intake (see docs/operations.md, "Lanes"): {@code breedline.worker.lane.lag} and
 * {@code breedline.worker.lane.records.consumed}, tagged {@code lane} and {@code topic}. Both are sums of the consumer's own
 * per-topic metrics ({@code kafka.consumer.fetch.manager.records.lag} per partition, {@code records.consumed.total} per
 * topic) that Micrometer's {@code KafkaClientMetrics} puts into the same registry: the consume loop reports nothing
 * extra, and a dashboard or the autoscaler gets one series per lane instead of summing partitions by topic name.
 *
 * <p>A paused partition is not fetched, so its lag keeps the value of its last fetch while the priority lane holds
 * bulk back; it only grows meanwhile (new references), so the figure is low by those at most.
 */
public final class LaneMeters {
    static final String KAFKA_LAG = "kafka.consumer.fetch.manager.records.lag";
    static final String KAFKA_CONSUMED = "kafka.consumer.fetch.manager.records.consumed.total";

    private LaneMeters() {}

    /** Registers a lag gauge and a consumed counter for each lane, named by {@code topicsByLane} (lane name to topic). */
    public static void register(MeterRegistry registry, Map<String, String> topicsByLane) {
        topicsByLane.forEach((lane, topic) -> {
            String tag = lane.toLowerCase(Locale.ROOT);
            Gauge.builder("breedline.worker.lane.lag", registry, r -> sum(r, KAFKA_LAG, topic, true))
                    .description("Records of the lane's topic not yet fetched by this worker, over its partitions")
                    .tags("lane", tag, "topic", topic).register(registry);
            FunctionCounter.builder("breedline.worker.lane.records.consumed", registry,
                            r -> sum(r, KAFKA_CONSUMED, topic, false))
                    .description("Records this worker fetched from the lane's topic (rate() gives the lane's intake)")
                    .tags("lane", tag, "topic", topic).register(registry);
        });
    }

    // Kafka tags a topic's metrics with the topic as named and again with its dots as underscores (both series can
    // exist at once): take each partition (or the per-topic total) once, from whichever spelling reads higher.
    static double sum(MeterRegistry registry, String name, String topic, boolean perPartition) {
        String underscored = topic.replace('.', '_');
        Map<String, Double> byPartition = new HashMap<>();
        for (Meter m : registry.find(name).meters()) {
            String t = m.getId().getTag("topic");
            String partition = m.getId().getTag("partition");
            if ((partition != null) != perPartition || !(Objects.equals(t, topic) || Objects.equals(t, underscored))) {
                continue;
            }
            for (var sample : m.measure()) {
                double v = sample.getValue();
                if (!Double.isNaN(v)) {
                    byPartition.merge(partition == null ? "" : partition, v, Math::max);
                }
            }
        }
        return byPartition.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
