package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Prediction;
import io.breedline.worker.fakes.FakeModel;
import io.breedline.worker.publish.BatchResult;
import io.breedline.worker.publish.Messages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchRunnerTest {
    private static final TopicPartition P0 = new TopicPartition("images", 0);
    private final Messages messages = new Messages("w1", "fake", "v1", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final FakeModel model = new FakeModel();
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final BatchRunner runner = new BatchRunner(model, messages, 5, now::get);

    @Test
    void readyImagesGoThroughTheModelInOneCallAndFailuresBecomeDeadLetters() {
        PolledItem dark = ready(0, 10f);
        PolledItem broken = failed(1);
        PolledItem bright = ready(2, 250f);
        BatchResult result = runner.run(new Batch(List.of(dark, broken, bright)));

        assertThat(model.batchSizes).containsExactly(2);
        assertThat(result.predictions()).extracting(Prediction::imageId).containsExactly(dark.ref().imageId(), bright.ref().imageId());
        assertThat(result.predictions()).extracting(p -> p.top().breed()).containsExactly("dark", "bright");
        Prediction p = result.predictions().get(0);
        assertThat(p.topK()).hasSize(2);
        assertThat(p.modelName()).isEqualTo("fake");
        assertThat(p.modelVersion()).isEqualTo("v1");
        assertThat(p.workerId()).isEqualTo("w1");
        assertThat(p.timings().batchSize()).isEqualTo(2);
        assertThat(p.timings().fetchMs()).isEqualTo(3);
        assertThat(p.timings().decodeMs()).isEqualTo(4);
        assertThat(p.timings().queueWaitMs()).isEqualTo(1000);
        assertThat(result.deadLetters()).extracting(DeadLetter::imageId).containsExactly(broken.ref().imageId());
        assertThat(result.offsets()).containsEntry(P0, new OffsetAndMetadata(3));
    }

    @Test
    void whenTheModelFailsABatchEachImageIsTriedAlone() {
        model.failWhenRedAbove = 200f;
        PolledItem a = ready(0, 10f);
        PolledItem poison = ready(1, 240f);
        PolledItem c = ready(2, 20f);
        BatchResult result = runner.run(new Batch(List.of(a, poison, c)));

        assertThat(model.batchSizes).containsExactly(3, 1, 1, 1);
        assertThat(result.predictions()).extracting(Prediction::imageId).containsExactly(a.ref().imageId(), c.ref().imageId());
        assertThat(result.predictions()).allSatisfy(p -> assertThat(p.timings().batchSize()).isEqualTo(1));
        assertThat(result.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.imageId()).isEqualTo(poison.ref().imageId());
            assertThat(d.stage()).isEqualTo(FailureStage.INFERENCE);
            assertThat(d.reason()).isEqualTo(poison.ref().uri() + ": the model failed on this image: cannot stand red 240.0");
            assertThat(d.exceptionType()).isEqualTo(IllegalStateException.class.getName());
        });
        assertThat(result.offsets()).containsEntry(P0, new OffsetAndMetadata(3));
    }

    @Test
    void aSmallerBatchAfterABiggerOneSeesOnlyItsOwnImages() {
        // The batch input is reused between batches: a batch of one after a batch of three must not read leftovers.
        runner.run(new Batch(List.of(ready(0, 250f), ready(1, 250f), ready(2, 250f))));
        BatchResult second = runner.run(new Batch(List.of(ready(3, 10f))));
        BatchResult third = runner.run(new Batch(List.of(ready(4, 10f), ready(5, 240f))));

        assertThat(model.batchSizes).containsExactly(3, 1, 2);
        assertThat(second.predictions()).extracting(p -> p.top().breed()).containsExactly("dark");
        assertThat(third.predictions()).extracting(p -> p.top().breed()).containsExactly("dark", "bright");
    }

    @Test
    void aBatchOfFailuresNeverCallsTheModel() {
        BatchResult result = runner.run(new Batch(List.of(failed(0), failed(1))));
        assertThat(model.batchSizes).isEmpty();
        assertThat(result.deadLetters()).hasSize(2);
        assertThat(result.offsets()).containsEntry(P0, new OffsetAndMetadata(2));
    }

    private PolledItem ready(long offset, float red) {
        float[] pixels = new float[2 * 2 * 3];
        for (int p = 0; p < 4; p++) {
            pixels[p * 3] = red;
        }
        long readyAt = now.get() - 1_000_000_000L;
        return item(offset, new Prepared.Ready(pixels, 3, 4, readyAt));
    }

    private PolledItem failed(long offset) {
        ImageRef ref = ref(offset);
        return new PolledItem(P0, offset, ref, 0, CompletableFuture.completedFuture(new Prepared.Failed(
                messages.deadLetter(ref, FailureStage.FETCH, ref.uri() + ": no such object", "X", false))));
    }

    private PolledItem item(long offset, Prepared outcome) {
        return new PolledItem(P0, offset, ref(offset), 0, CompletableFuture.completedFuture(outcome));
    }

    private static ImageRef ref(long offset) {
        return ImageRef.of("s3://bucket/img-" + offset + ".jpg", null, null, null, "job", Instant.EPOCH);
    }
}
