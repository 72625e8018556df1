package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionNumbersTest {
    private static final TopicPartition BULK0 = new TopicPartition("images", 0);
    private static final TopicPartition BULK1 = new TopicPartition("images", 1);
    private static final TopicPartition PRIO0 = new TopicPartition("images.priority", 0);
    private static final TopicPartition PRIO1 = new TopicPartition("images.priority", 1);

    @Test
    void marksAreReadOncePerNumberWhicheverLaneArrivesFirst() {
        assertThat(PartitionNumbers.arriving(List.of(BULK0, PRIO0), List.of(BULK0, PRIO0))).containsExactly(0);
        assertThat(PartitionNumbers.arriving(List.of(BULK0, PRIO0, PRIO1), List.of(PRIO0, PRIO1)))
                .as("BULK0 already brought number 0's marks").containsExactly(1);
    }

    @Test
    void marksAreForgottenWhenTheLastLaneOfTheNumberLeaves() {
        assertThat(PartitionNumbers.leaving(List.of(BULK0, PRIO0, BULK1), List.of(PRIO0))).isEmpty();
        assertThat(PartitionNumbers.leaving(List.of(BULK0, PRIO0, BULK1), List.of(PRIO0, BULK0, BULK1)))
                .containsExactlyInAnyOrder(0, 1);
        assertThat(PartitionNumbers.leaving(List.of(BULK0, PRIO1), List.of(PRIO1))).containsExactly(1);
        assertThat(PartitionNumbers.leaving(List.of(BULK0, BULK1, PRIO1), List.of(PRIO1))).isEmpty();
    }
}
