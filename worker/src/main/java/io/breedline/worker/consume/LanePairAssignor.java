package io.breedline.worker.consume;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's cooperative sticky assignor, with the lanes co-partitioned: partition p of the priority topic goes to the
 * worker that has partition p of the images topic. An image's references of both lanes are keyed alike and land on
 * partitions of the same number, and de-duplication keeps its marks and its references in flight per partition number
 * (docs/design/priority-lane.md); so one worker sees an upload and a backfill of the same object, and catches the
 * second even while the first is still in its model.
 *
 * <p>The sticky assignor assigns the leading topic (the one with the most partitions; the worker checks that both
 * have the same count) and every other topic's partition p follows leading partition p. Under the cooperative
 * protocol a partition must be given up before it moves: one that its owner still holds and that would now go to
 * another member is left out of this round (its owner then gives it up and rejoins, and the next round places it), as
 * the sticky assignor does with its own. Members that do not all read the same topics get the plain sticky assignment.
 *
 * <p>Hand-written because none of Kafka's client assignors is both cooperative and co-partitioning: the range assignor
 * co-partitions but rebalances eagerly (every worker stops), the sticky ones spread each topic on its own.
 */
public final class LanePairAssignor implements ConsumerPartitionAssignor {
    public static final String NAME = "breedline-lane-pairs";
    private static final int NO_GENERATION = -1;

    private final CooperativeStickyAssignor sticky = new CooperativeStickyAssignor();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public short version() {
        return sticky.version();
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return sticky.subscriptionUserData(topics);
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        sticky.onAssignment(assignment, metadata);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
        Map<String, Subscription> members = group.groupSubscription();
        Set<Set<String>> subscriptions = new HashSet<>();
        members.values().forEach(s -> subscriptions.add(new HashSet<>(s.topics())));
        List<String> topics = members.values().stream().flatMap(s -> s.topics().stream()).distinct()
                .filter(t -> metadata.partitionCountForTopic(t) != null).toList();
        if (topics.size() < 2 || subscriptions.size() > 1) {
            return sticky.assign(metadata, group);
        }
        String leading = topics.stream().max(Comparator.<String>comparingInt(metadata::partitionCountForTopic)
                .thenComparing(Comparator.<String>reverseOrder())).orElseThrow();
        Map<String, Subscription> leadingOnly = new HashMap<>();
        Map<TopicPartition, String> heldBy = new HashMap<>();
        members.forEach((member, s) -> {
            List<TopicPartition> owned = new ArrayList<>();
            for (TopicPartition tp : s.ownedPartitions()) {
                if (tp.topic().equals(leading)) {
                    owned.add(tp);
                } else {
                    heldBy.put(tp, member);
                }
            }
            Subscription only = new Subscription(List.of(leading), s.userData(), owned,
                    s.generationId().orElse(NO_GENERATION), s.rackId());
            only.setGroupInstanceId(s.groupInstanceId());
            leadingOnly.put(member, only);
        });
        Map<String, Assignment> base = sticky.assign(metadata, new GroupSubscription(leadingOnly)).groupAssignment();

        Map<String, Assignment> out = new HashMap<>();
        base.forEach((member, a) -> {
            List<TopicPartition> partitions = new ArrayList<>(a.partitions());
            for (TopicPartition own : a.partitions()) {
                for (String topic : topics) {
                    TopicPartition follower = new TopicPartition(topic, own.partition());
                    String holder = heldBy.get(follower);
                    if (!topic.equals(leading) && own.partition() < metadata.partitionCountForTopic(topic)
                            && (holder == null || holder.equals(member))) {
                        partitions.add(follower);
                    }
                }
            }
            out.put(member, new Assignment(partitions, a.userData()));
        });
        return new GroupAssignment(out);
    }
}
