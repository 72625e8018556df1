package io.breedline.worker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaneMetersTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    // Function counters hold their object weakly: keep the values alive for the test's length.
    private final java.util.List<double[]> values = new java.util.ArrayList<>();

    @Test
    void eachLaneSumsItsOwnTopicsPartitionsWhicheverWayKafkaSpellsTheTopic() {
        lag("breedline.images", "0", 5);
        lag("breedline_images", "0", 5); // the same partition again, spelled the other way
        lag("breedline_images", "1", 7);
        lag("breedline.images.priority", "0", 2);
        lag("breedline.images.priority", "1", Double.NaN); // not fetched yet
        lag("other.topic", "0", 1000);
        consumed("breedline_images", 40);
        consumed("breedline.images", 40);
        consumed("breedline_images_priority", 3);
        consumed(null, 43); // the consumer's total over all topics: not a lane's
        Map<String, String> lanes = new LinkedHashMap<>();
        lanes.put("PRIORITY", "breedline.images.priority");
        lanes.put("BULK", "breedline.images");

        LaneMeters.register(registry, lanes);

        assertThat(registry.get("breedline.worker.lane.lag").tag("lane", "bulk").gauge().value()).isEqualTo(12.0);
        assertThat(registry.get("breedline.worker.lane.lag").tag("lane", "priority").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("breedline.worker.lane.records.consumed").tag("lane", "bulk").functionCounter().count())
                .isEqualTo(40.0);
        assertThat(registry.get("breedline.worker.lane.records.consumed").tag("lane", "priority")
                .tag("topic", "breedline.images.priority").functionCounter().count()).isEqualTo(3.0);
    }

    @Test
    void aLaneWhoseTopicHasNoMetricsYetReadsZero() {
        LaneMeters.register(registry, Map.of("PRIORITY", "breedline.images.priority"));

        assertThat(registry.get("breedline.worker.lane.lag").tag("lane", "priority").gauge().value()).isZero();
    }

    private void lag(String topic, String partition, double value) {
        Gauge.builder(LaneMeters.KAFKA_LAG, () -> value).tags("topic", topic, "partition", partition, "client.id", "c")
                .register(registry);
    }

    private void consumed(String topic, double value) {
        double[] held = {value};
        values.add(held);
        FunctionCounter.Builder<double[]> b = FunctionCounter.builder(LaneMeters.KAFKA_CONSUMED, held, h -> h[0])
                .tag("client.id", "c");
        if (topic != null) {
            b.tag("topic", topic);
        }
        b.register(registry);
    }
}
