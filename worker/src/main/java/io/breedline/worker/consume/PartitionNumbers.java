package io.breedline.worker.consume;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * De-duplication is kept per partition number, for both lanes together: images partition p and priority partition p
 * write their marks to labeled partition p (docs/design/priority-lane.md). So a number's marks are read when the
 * first lane's partition of that number arrives, and forgotten when the last one leaves.
 */
final class PartitionNumbers {
    private PartitionNumbers() {}

    /** The numbers of {@code assigned} that no other partition of {@code assignment} already has. */
    static List<Integer> arriving(Collection<TopicPartition> assignment, Collection<TopicPartition> assigned) {
        Set<Integer> before = numbers(assignment, assigned);
        return distinct(assigned).stream().filter(p -> !before.contains(p)).toList();
    }

    /** The numbers of {@code leaving} that no partition staying in {@code assignment} still has. */
    static List<Integer> leaving(Collection<TopicPartition> assignment, Collection<TopicPartition> leaving) {
        Set<Integer> staying = numbers(assignment, leaving);
        return distinct(leaving).stream().filter(p -> !staying.contains(p)).toList();
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions, Collection<TopicPartition> except) {
        Set<Integer> out = new HashSet<>();
        for (TopicPartition tp : partitions) {
            if (!except.contains(tp)) {
                out.add(tp.partition());
            }
        }
        return out;
    }

    private static List<Integer> distinct(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).distinct().toList();
    }
}
