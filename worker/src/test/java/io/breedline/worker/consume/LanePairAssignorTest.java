package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Rounds of assignment as the group leader runs them, each member then owning what the round gave it. */
class LanePairAssignorTest {
    private static final String IMAGES = "images";
    private static final String PRIORITY = "images.priority";
    private static final List<String> LANES = List.of(PRIORITY, IMAGES);

    private final LanePairAssignor assignor = new LanePairAssignor();
    private final Cluster cluster = cluster(Map.of(IMAGES, 4, PRIORITY, 4));

    @Test
    void eachWorkerGetsBothLanesOfTheSamePartitionNumbers() {
        Map<String, List<TopicPartition>> owned = new HashMap<>(Map.of("a", List.of(), "b", List.of()));
        Map<String, List<TopicPartition>> round = round(owned);
        assertThat(round.get("a")).hasSize(4);
        assertThat(round.get("b")).hasSize(4);
        assertCoPartitioned(round);
    }

    @Test
    void aJoiningWorkerTakesPairsOverCooperatively() {
        Map<String, List<TopicPartition>> owned = new HashMap<>();
        owned.put("a", round(Map.of("a", List.of())).get("a"));
        assertThat(owned.get("a")).hasSize(8);
        owned.put("b", List.of());
        for (int i = 0; i < 3; i++) {
            Map<String, List<TopicPartition>> round = round(owned);
            assertNothingMovesWhileHeld(owned, round);
            assertCoPartitioned(round);
            owned = round;
        }
        assertThat(owned.get("a")).hasSize(4);
        assertThat(owned.get("b")).hasSize(4);
    }

    @Test
    void lanesSpreadApartBeforeAreBroughtTogetherWithoutMovingAnythingStillHeld() {
        // As a plain sticky assignor may leave them (a rolling upgrade from it).
        Map<String, List<TopicPartition>> owned = new HashMap<>();
        owned.put("a", List.of(tp(IMAGES, 0), tp(IMAGES, 1), tp(PRIORITY, 2), tp(PRIORITY, 3)));
        owned.put("b", List.of(tp(IMAGES, 2), tp(IMAGES, 3), tp(PRIORITY, 0), tp(PRIORITY, 1)));
        Map<String, List<TopicPartition>> first = round(owned);
        assertNothingMovesWhileHeld(owned, first);
        assertThat(first.get("a")).containsExactlyInAnyOrder(tp(IMAGES, 0), tp(IMAGES, 1));
        Map<String, List<TopicPartition>> second = round(first);
        assertThat(second.get("a")).containsExactlyInAnyOrder(tp(IMAGES, 0), tp(IMAGES, 1), tp(PRIORITY, 0),
                tp(PRIORITY, 1));
        assertCoPartitioned(second);
    }

    @Test
    void membersReadingDifferentTopicsGetThePlainStickyAssignment() {
        Map<String, Subscription> members = new HashMap<>();
        members.put("a", subscription(LANES, List.of()));
        members.put("b", subscription(List.of(IMAGES), List.of()));
        Map<String, Assignment> out = assignor.assign(cluster, new GroupSubscription(members)).groupAssignment();
        assertThat(out.get("a").partitions().size() + out.get("b").partitions().size()).isEqualTo(8);
        assertThat(out.get("b").partitions()).allMatch(tp -> tp.topic().equals(IMAGES));
    }

    private Map<String, List<TopicPartition>> round(Map<String, List<TopicPartition>> owned) {
        Map<String, Subscription> members = new HashMap<>();
        owned.forEach((member, partitions) -> members.put(member, subscription(LANES, partitions)));
        Map<String, List<TopicPartition>> out = new HashMap<>();
        assignor.assign(cluster, new GroupSubscription(members)).groupAssignment()
                .forEach((member, a) -> out.put(member, new ArrayList<>(a.partitions())));
        return out;
    }

    private Subscription subscription(List<String> topics, List<TopicPartition> owned) {
        return new Subscription(topics, assignor.subscriptionUserData(Set.copyOf(topics)), owned, 1, Optional.empty());
    }

    private static void assertCoPartitioned(Map<String, List<TopicPartition>> assignment) {
        assignment.forEach((member, partitions) -> {
            for (TopicPartition tp : partitions) {
                String other = tp.topic().equals(IMAGES) ? PRIORITY : IMAGES;
                assertThat(partitions).as(member + " has " + tp).contains(tp(other, tp.partition()));
            }
        });
    }

    // Cooperative: a partition goes to a new member only once no other member still owns it.
    private static void assertNothingMovesWhileHeld(Map<String, List<TopicPartition>> owned,
            Map<String, List<TopicPartition>> next) {
        next.forEach((member, partitions) -> {
            for (TopicPartition tp : partitions) {
                owned.forEach((other, held) -> {
                    if (!other.equals(member)) {
                        assertThat(held).as(tp + " given to " + member + " while " + other + " holds it").doesNotContain(tp);
                    }
                });
            }
        });
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    private static Cluster cluster(Map<String, Integer> topics) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        topics.forEach((topic, n) -> {
            for (int p = 0; p < n; p++) {
                partitions.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            }
        });
        return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }
}
