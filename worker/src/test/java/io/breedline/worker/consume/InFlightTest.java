package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.ImageRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightTest {
    private static final TopicPartition P0 = new TopicPartition("images", 0);
    private static final TopicPartition P1 = new TopicPartition("images", 1);

    @Test
    void theReadyPrefixStopsAtTheFirstUnfinishedItem() {
        InFlight q = new InFlight();
        q.add(item(P0, 0, true));
        q.add(item(P1, 0, true));
        q.add(item(P0, 1, false));
        q.add(item(P0, 2, true));
        assertThat(q.readyPrefix(10)).isEqualTo(2);
        assertThat(q.readyPrefix(1)).isEqualTo(1);
    }

    @Test
    void aBatchCommitsOnePastItsLastOffsetPerPartition() {
        InFlight q = new InFlight();
        q.add(item(P0, 5, true));
        q.add(item(P1, 9, true));
        q.add(item(P0, 6, true));
        q.add(item(P0, 7, true));
        Batch batch = new Batch(q.take(3));
        assertThat(batch.nextOffsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(7), P1, new OffsetAndMetadata(10)));
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.take(5)).extracting(PolledItem::offset).containsExactly(7L);
    }

    @Test
    void droppingRevokedPartitionsKeepsTheOthersInOrder() {
        InFlight q = new InFlight();
        q.add(item(P0, 1, true));
        q.add(item(P1, 1, true));
        q.add(item(P0, 2, false));
        q.add(item(P1, 2, true));
        assertThat(q.drop(List.of(P0))).isEqualTo(2);
        assertThat(q.take(10)).extracting(PolledItem::partition, PolledItem::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(P1, 1L), org.assertj.core.groups.Tuple.tuple(P1, 2L));
    }

    @Test
    void theOldestItemIsTheHead() {
        InFlight q = new InFlight();
        assertThat(q.oldestPolledNanos()).isEqualTo(Long.MAX_VALUE);
        q.add(new PolledItem(P0, 0, null, 42, new CompletableFuture<>()));
        q.add(new PolledItem(P0, 1, null, 50, new CompletableFuture<>()));
        assertThat(q.oldestPolledNanos()).isEqualTo(42);
    }

    @Test
    void takenOverPartitionsGoAheadUntilABatchHoldsSomeOfThemAndEachPartitionKeepsItsOrder() {
        TopicPartition taken = new TopicPartition("images", 2);
        InFlight q = new InFlight();
        q.add(item(P0, 10, true));
        q.add(item(P1, 20, true));
        q.putFirst(List.of(taken));
        q.add(item(taken, 0, true));
        q.add(item(P0, 11, true));
        q.add(item(taken, 1, true));
        assertThat(q.readyPrefix(10)).isEqualTo(5);
        Batch next = new Batch(q.take(3));
        assertThat(next.nextOffsets()).as("the taken-over records first, then the oldest of the rest")
                .isEqualTo(Map.of(taken, new OffsetAndMetadata(2), P0, new OffsetAndMetadata(11)));
        // Served: a later record of the taken-over partition queues behind the others.
        q.add(item(taken, 2, true));
        assertThat(q.take(10)).extracting(PolledItem::partition, PolledItem::offset).containsExactly(
                org.assertj.core.groups.Tuple.tuple(P1, 20L), org.assertj.core.groups.Tuple.tuple(P0, 11L),
                org.assertj.core.groups.Tuple.tuple(taken, 2L));
    }

    @Test
    void aTakenOverRecordNotReadyHoldsTheBatchAndTheOldestAheadOrBehindCounts() {
        TopicPartition taken = new TopicPartition("images", 2);
        InFlight q = new InFlight();
        q.add(new PolledItem(P0, 0, null, 42, new CompletableFuture<>()));
        q.putFirst(List.of(taken));
        q.add(new PolledItem(taken, 0, null, 50, new CompletableFuture<>()));
        assertThat(q.readyPrefix(10)).isZero();
        assertThat(q.oldestPolledNanos()).isEqualTo(42);
        assertThat(q.drop(List.of(taken))).isEqualTo(1);
        assertThat(q.size()).isEqualTo(1);
    }

    private static PolledItem item(TopicPartition tp, long offset, boolean done) {
        ImageRef ref = ImageRef.of("s3://bucket/" + tp + "/" + offset, null, null, null, "job", Instant.EPOCH);
        CompletableFuture<Prepared> f = new CompletableFuture<>();
        if (done) {
            f.complete(new Prepared.Ready(new float[0], 0, 0, 0));
        }
        return new PolledItem(tp, offset, ref, 0, f);
    }
}
