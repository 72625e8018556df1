package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchWindowTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final BatchWindow window = new BatchWindow(8, Duration.ofMillis(200), now::get);

    @Test
    void closesAsSoonAsAFullBatchIsReady() {
        long polled = now.get();
        assertThat(window.closeSize(8, polled, false)).isEqualTo(8);
        assertThat(window.closeSize(20, polled, false)).as("never more than the maximum").isEqualTo(8);
    }

    @Test
    void waitsForMoreWhileTheOldestItemIsYoungerThanTheDelay() {
        long polled = now.get();
        now.addAndGet(Duration.ofMillis(199).toNanos());
        assertThat(window.closeSize(3, polled, false)).isZero();
    }

    @Test
    void takesWhateverIsReadyOnceTheOldestItemHasWaitedTheDelay() {
        long polled = now.get();
        now.addAndGet(Duration.ofMillis(200).toNanos());
        assertThat(window.closeSize(3, polled, false)).isEqualTo(3);
    }

    @Test
    void theDelayCountsFromTheOldestItemNotFromTheLastBatch() {
        long oldest = now.get();
        now.addAndGet(Duration.ofMillis(150).toNanos());
        assertThat(window.closeSize(1, oldest, false)).isZero();
        now.addAndGet(Duration.ofMillis(50).toNanos());
        assertThat(window.closeSize(1, oldest, false)).isEqualTo(1);
    }

    @Test
    void nothingReadyMeansNoBatchEvenAfterTheDelay() {
        long polled = now.get();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(window.closeSize(0, polled, false)).isZero();
        assertThat(window.closeSize(0, polled, true)).isZero();
    }

    @Test
    void flushTakesTheReadyPrefixWithoutWaiting() {
        assertThat(window.closeSize(2, now.get(), true)).isEqualTo(2);
    }

    @Test
    void zeroDelayClosesAtOnce() {
        BatchWindow eager = new BatchWindow(8, Duration.ZERO, now::get);
        assertThat(eager.closeSize(1, now.get(), false)).isEqualTo(1);
    }

    @Test
    void refusesAnEmptyBatchSize() {
        assertThatThrownBy(() -> new BatchWindow(0, Duration.ZERO, now::get))
                .hasMessageContaining("maxBatchSize must be at least 1");
    }
}
