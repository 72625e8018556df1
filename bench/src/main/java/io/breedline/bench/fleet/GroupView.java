package io.breedline.bench.fleet;

import io.breedline.contracts.Lane;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/** Who owns which partitions of the worker group right now, as the group coordinator tells it. */
final class GroupView {
    private final Admin admin;
    private final String groupId;

    GroupView(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
    }

    /** A stable group's members (by client id, which each worker sets to its worker id) and their partition counts. */
    record Snapshot(boolean stable, Map<String, Integer> partitionsByWorker) {
        int assigned() {
            return partitionsByWorker.values().stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * Stable, {@code members} members, and every partition owned: {@code partitions} per lane, since the workers
         * subscribe to both lanes' topics, which have the same partition count.
         */
        boolean settled(int members, int partitions) {
            return stable && partitionsByWorker.size() == members && assigned() == partitions * Lane.values().length;
        }
    }

    /** The partition numbers each member owns, by client id. */
    Map<String, java.util.Set<Integer>> partitionsByMember() throws Exception {
        return partitionsByMember(null);
    }

    /** The partition numbers of {@code topic} (null: of every topic) each member owns, by client id. */
    Map<String, java.util.Set<Integer>> partitionsByMember(String topic) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(java.util.List.of(groupId)).describedGroups()
                .get(groupId).get(10, TimeUnit.SECONDS);
        Map<String, java.util.Set<Integer>> owned = new TreeMap<>();
        for (MemberDescription m : d.members()) {
            m.assignment().topicPartitions().stream().filter(tp -> topic == null || tp.topic().equals(topic)).forEach(tp ->
                    owned.computeIfAbsent(m.clientId(), k -> new java.util.TreeSet<>()).add(tp.partition()));
        }
        return owned;
    }

    /** Each member's id by client id: a member replaced under the same client id gets a new member id. */
    Map<String, String> memberIds() throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(java.util.List.of(groupId)).describedGroups()
                .get(groupId).get(10, TimeUnit.SECONDS);
        Map<String, String> ids = new TreeMap<>();
        for (MemberDescription m : d.members()) {
            ids.put(m.clientId(), m.consumerId());
        }
        return ids;
    }

    Snapshot snapshot() throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(java.util.List.of(groupId)).describedGroups()
                .get(groupId).get(10, TimeUnit.SECONDS);
        Map<String, Integer> owned = new TreeMap<>();
        for (MemberDescription m : d.members()) {
            owned.merge(m.clientId(), m.assignment().topicPartitions().size(), Integer::sum);
        }
        return new Snapshot(d.groupState() == GroupState.STABLE, owned);
    }
}
