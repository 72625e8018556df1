package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BackpressureTest {
    private final TopicPartition p0 = new TopicPartition("images", 0);
    private final TopicPartition p1 = new TopicPartition("images", 1);
    private final TopicPartition p2 = new TopicPartition("images", 2);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicLong now = new AtomicLong();
    private final Backpressure backpressure = new Backpressure(64, now::get);

    @Test
    void pausesWhenFullAndResumesAtHalf() {
        consumer.assign(List.of(p0, p1));
        assertThat(backpressure.update(consumer, 64, false)).isTrue();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(p0, p1);
        backpressure.update(consumer, 33, false);
        assertThat(consumer.paused()).hasSize(2);
        backpressure.update(consumer, 32, false);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void takenOverPartitionsGoFirstUntilOneDelivers() {
        consumer.assign(List.of(p0, p1));
        consumer.assign(List.of(p0, p1, p2));
        backpressure.onAssigned(consumer, List.of(p2));
        assertThat(consumer.paused()).containsExactlyInAnyOrder(p0, p1);

        backpressure.polled(consumer, Set.of());
        backpressure.update(consumer, 0, false);
        assertThat(consumer.paused()).as("nothing from p2 yet").containsExactlyInAnyOrder(p0, p1);

        backpressure.polled(consumer, Set.of(p2));
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void heldPartitionsFetchAgainAfterTheHoldEvenIfTheTakenOverOnesStayEmpty() {
        consumer.assign(List.of(p0, p1, p2));
        backpressure.onAssigned(consumer, List.of(p2));
        now.addAndGet(Backpressure.TAKEOVER_HOLD.toNanos());
        backpressure.update(consumer, 0, false);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(p0, p1);
        now.addAndGet(1);
        backpressure.update(consumer, 0, false);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void aFullWorkerStillFetchesTheTakenOverPartitionsOnceThenWaitsWithThem() {
        consumer.assign(List.of(p0, p1));
        backpressure.update(consumer, 64, false);
        consumer.assign(List.of(p0, p1, p2));
        assertThat(backpressure.onAssigned(consumer, List.of(p2))).as("taken over").isTrue();
        assertThat(consumer.paused()).as("p2 fetches past the limit").containsExactlyInAnyOrder(p0, p1);
        backpressure.polled(consumer, Set.of(p2));
        assertThat(consumer.paused()).as("delivered: full again, all wait").containsExactlyInAnyOrder(p0, p1, p2);
        assertThat(backpressure.held()).isEmpty();
        backpressure.update(consumer, 40, false);
        assertThat(consumer.paused()).hasSize(3);
        backpressure.update(consumer, 32, false);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void aFirstAssignmentWhileFullStartsPaused() {
        // Full when its only partition was revoked; a new one is all it owns now: nothing taken over, it waits too.
        consumer.assign(List.of(p0));
        backpressure.update(consumer, 64, false);
        consumer.assign(List.of(p1));
        assertThat(backpressure.onAssigned(consumer, List.of(p1))).isFalse();
        assertThat(consumer.paused()).contains(p1);
    }

    @Test
    void aFirstAssignmentHoldsNothing() {
        consumer.assign(List.of(p0, p1));
        assertThat(backpressure.onAssigned(consumer, List.of(p0, p1))).isFalse();
        assertThat(consumer.paused()).isEmpty();
        assertThat(backpressure.held()).isEmpty();
    }
}
