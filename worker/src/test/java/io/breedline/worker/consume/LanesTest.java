package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.ImageRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The lane rule alone: which records a batch takes, and when bulk partitions are held back (Kafka's MockConsumer). */
class LanesTest {
    private static final TopicPartition BULK0 = new TopicPartition("images", 0);
    private static final TopicPartition BULK1 = new TopicPartition("images", 1);
    private static final TopicPartition PRIO0 = new TopicPartition("images.priority", 0);
    private static final TopicPartition PRIO1 = new TopicPartition("images.priority", 1);

    private final AtomicLong now = new AtomicLong();
    private final BatchWindow window = new BatchWindow(4, Duration.ofMillis(200), now::get);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final Pauses pauses = new Pauses();
    private final Lanes lanes = new Lanes("images.priority", pauses, now::get);

    @Test
    void uploadsArrivingWhileBackfillIsQueuedGoAloneInTheNextBatchAsSoonAsTheyArePrepared() {
        for (int o = 0; o < 10; o++) {
            lanes.add(ready(BULK0, o));
        }
        assertThat(positions(lanes.nextBatch(window, false))).containsExactly("images-0@0", "images-0@1", "images-0@2",
                "images-0@3");
        lanes.add(ready(PRIO0, 0));
        lanes.add(ready(PRIO1, 0));
        assertThat(positions(lanes.nextBatch(window, false))).as("not topped up with backfill, not waiting the delay")
                .containsExactly("images.priority-0@0", "images.priority-1@0");
        assertThat(positions(lanes.nextBatch(window, false))).containsExactly("images-0@4", "images-0@5", "images-0@6",
                "images-0@7");
        assertThat(lanes.nextBatch(window, false)).as("two backfill records: the batch forms until the delay").isEmpty();
        now.addAndGet(Duration.ofMillis(200).toNanos());
        assertThat(positions(lanes.nextBatch(window, false))).containsExactly("images-0@8", "images-0@9");
        assertThat(lanes.isEmpty()).isTrue();
    }

    @Test
    void manyUploadsTakeFullBatchesAndBackfillWaits() {
        lanes.add(ready(BULK0, 0));
        for (int o = 0; o < 6; o++) {
            lanes.add(ready(PRIO0, o));
        }
        assertThat(positions(lanes.nextBatch(window, false))).containsExactly("images.priority-0@0",
                "images.priority-0@1", "images.priority-0@2", "images.priority-0@3");
        assertThat(positions(lanes.nextBatch(window, false))).containsExactly("images.priority-0@4",
                "images.priority-0@5");
        assertThat(lanes.nextBatch(window, false)).isEmpty();
        now.addAndGet(Duration.ofMillis(200).toNanos());
        assertThat(positions(lanes.nextBatch(window, false))).containsExactly("images-0@0");
    }

    @Test
    void theModelWaitsForAnUploadBeingPreparedAtMostTheBatchDelay() {
        CompletableFuture<Prepared> decoding = new CompletableFuture<>();
        lanes.add(new PolledItem(PRIO0, 0, ref(PRIO0, 0), now.get(), decoding));
        for (int o = 0; o < 8; o++) {
            lanes.add(ready(BULK0, o));
        }
        assertThat(lanes.nextBatch(window, false)).as("a full batch of backfill is ready, but an upload is coming")
                .isEmpty();
        decoding.complete(new Prepared.Skipped());
        assertThat(positions(lanes.nextBatch(window, false))).containsExactly("images.priority-0@0");

        CompletableFuture<Prepared> stuck = new CompletableFuture<>();
        lanes.add(new PolledItem(PRIO0, 1, ref(PRIO0, 1), now.get(), stuck));
        assertThat(lanes.nextBatch(window, false)).isEmpty();
        now.addAndGet(Duration.ofMillis(200).toNanos());
        assertThat(positions(lanes.nextBatch(window, false))).as("after the delay the backfill goes on")
                .containsExactly("images-0@0", "images-0@1", "images-0@2", "images-0@3");
    }

    @Test
    void aLoneUploadGoesAsSoonAsItIsPrepared() {
        lanes.add(ready(PRIO0, 0));
        assertThat(positions(lanes.nextBatch(window, false))).containsExactly("images.priority-0@0");
    }

    @Test
    void bulkPartitionsAreHeldWhilePriorityRecordsAreQueuedAndResumeAtOnceWhenNoneAre() {
        consumer.assign(List.of(BULK0, BULK1, PRIO0, PRIO1));
        queueBulk(4);
        assertThat(lanes.update(consumer)).isFalse();
        assertThat(consumer.paused()).isEmpty();

        lanes.add(ready(PRIO1, 0));
        assertThat(lanes.update(consumer)).isTrue();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(BULK0, BULK1);

        lanes.nextBatch(window, true);
        assertThat(lanes.update(consumer)).isFalse();
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void bulkPartitionsAreHeldWhileAPriorityPartitionHasRecordsNotYetPolled() {
        consumer.assign(List.of(BULK0, PRIO0));
        queueBulk(4);
        consumer.updateBeginningOffsets(Map.of(BULK0, 0L, PRIO0, 0L));
        consumer.seek(PRIO0, 0);
        consumer.updateEndOffsets(Map.of(PRIO0, 3L));
        lanes.update(consumer);
        assertThat(consumer.paused()).containsExactly(BULK0);

        consumer.seek(PRIO0, 3); // polled them all
        lanes.update(consumer);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void bulkWaitsForTheFirstFetchOfPriorityPartitionsJustAssignedAtMostAWhile() {
        java.util.Set<TopicPartition> unfetched = new java.util.HashSet<>(List.of(PRIO0));
        MockConsumer<byte[], byte[]> fetching = new MockConsumer<>("earliest") {
            @Override
            public synchronized java.util.OptionalLong currentLag(TopicPartition tp) {
                return unfetched.contains(tp) ? java.util.OptionalLong.empty() : super.currentLag(tp);
            }
        };
        fetching.assign(List.of(BULK0, PRIO0));
        lanes.onAssigned(fetching, List.of(BULK0, PRIO0));
        assertThat(fetching.paused()).as("before any fetch of the new partitions").containsExactly(BULK0);
        unfetched.clear(); // fetched: nothing there
        lanes.update(fetching);
        assertThat(fetching.paused()).isEmpty();

        unfetched.add(PRIO0);
        lanes.onAssigned(fetching, List.of(PRIO0));
        assertThat(fetching.paused()).containsExactly(BULK0);
        now.addAndGet(Lanes.FIRST_FETCH_HOLD.toNanos());
        lanes.update(fetching);
        assertThat(fetching.paused()).as("a priority partition that cannot be fetched holds bulk only a while").isEmpty();
    }

    @Test
    void aPollsPriorityRecordsAreAdmittedFirst() {
        assertThat(lanes.priorityFirst(List.of(BULK0, PRIO1, BULK1, PRIO0))).startsWith(PRIO1, PRIO0);
    }

    @Test
    void theLaneHoldAndTheInFlightLimitPauseIndependently() {
        Backpressure backpressure = new Backpressure(8, now::get, pauses, lanes::isPriority);
        consumer.assign(List.of(BULK0, PRIO0));
        queueBulk(8);

        assertThat(backpressure.update(consumer, 8, 0, false)).as("bulk pauses at the limit").isTrue();
        assertThat(consumer.paused()).containsExactly(BULK0);
        lanes.add(ready(PRIO0, 0));
        lanes.update(consumer);
        backpressure.update(consumer, 15, 7, false);
        assertThat(consumer.paused()).as("uploads count against a limit of their own").containsExactly(BULK0);
        backpressure.update(consumer, 16, 8, false);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(BULK0, PRIO0);

        backpressure.update(consumer, 4, 1, false);
        assertThat(consumer.paused()).as("in flight drained, but the priority lane still has a record")
                .containsExactly(BULK0);
        lanes.nextBatch(window, true);
        lanes.update(consumer);
        assertThat(consumer.paused()).isEmpty();

        lanes.add(ready(PRIO0, 1));
        lanes.update(consumer);
        backpressure.update(consumer, 16, 8, false);
        lanes.nextBatch(window, true);
        lanes.update(consumer);
        assertThat(consumer.paused()).as("the lane let go, the in-flight limit still holds both")
                .containsExactlyInAnyOrder(BULK0, PRIO0);
        backpressure.update(consumer, 4, 0, false);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void priorityPartitionsAreNeverHeldForTakenOverOnes() {
        Backpressure backpressure = new Backpressure(8, now::get, pauses, lanes::isPriority);
        consumer.assign(List.of(BULK0, PRIO0));
        consumer.assign(List.of(BULK0, PRIO0, BULK1, PRIO1));
        queueBulk(4);
        backpressure.onAssigned(consumer, List.of(BULK1, PRIO1));
        assertThat(consumer.paused()).containsExactly(BULK0);

        lanes.add(ready(PRIO0, 0));
        lanes.update(consumer);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(BULK0, BULK1);
        backpressure.polled(consumer, java.util.Set.of(PRIO1));
        assertThat(consumer.paused()).as("the takeover hold ends, the lane's remains").containsExactlyInAnyOrder(BULK0, BULK1);
        lanes.nextBatch(window, true);
        lanes.update(consumer);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void revokedPartitionsLeaveTheirQueuedRecordsAndPauses() {
        consumer.assign(List.of(BULK0, PRIO0));
        lanes.add(ready(PRIO0, 0));
        queueBulk(4);
        lanes.update(consumer);
        assertThat(consumer.paused()).containsExactly(BULK0);
        assertThat(lanes.drop(List.of(PRIO0))).isEqualTo(1);
        pauses.forget(List.of(PRIO0));
        assertThat(lanes.size()).isEqualTo(4);
        lanes.update(consumer);
        assertThat(consumer.paused()).isEmpty();
    }

    private void queueBulk(int n) {
        for (int o = 0; o < n; o++) {
            lanes.add(ready(BULK0, o));
        }
    }

    private PolledItem ready(TopicPartition tp, long offset) {
        return new PolledItem(tp, offset, ref(tp, offset), now.get(), CompletableFuture.completedFuture(new Prepared.Skipped()));
    }

    private static ImageRef ref(TopicPartition tp, long offset) {
        return ImageRef.of("s3://bucket/" + tp + "-" + offset + ".jpg", null, null, null, "job", Instant.EPOCH);
    }

    private static List<String> positions(List<PolledItem> items) {
        return items.stream().map(i -> i.partition() + "@" + i.offset()).toList();
    }
}
