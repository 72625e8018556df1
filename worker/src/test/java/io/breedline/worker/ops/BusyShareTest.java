package io.breedline.worker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BusyShareTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final BusyShare busy = new BusyShare(Duration.ofSeconds(10), now::get);

    @Test
    void isTheShareOfTheWindowSpentInModelCalls() {
        advanceSeconds(2);
        call(3);
        advanceSeconds(5);
        assertThat(busy.share()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void countsACallStillRunning() {
        advanceSeconds(4);
        busy.started();
        advanceSeconds(6);
        assertThat(busy.share()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void forgetsCallsThatLeftTheWindow() {
        call(4);
        advanceSeconds(8);
        assertThat(busy.share()).as("2 of the 4 busy seconds are still in the window").isCloseTo(0.2, within(1e-9));
        advanceSeconds(10);
        assertThat(busy.share()).isZero();
    }

    @Test
    void rightAfterStartItIsTheShareOfTheTimeSoFar() {
        call(1);
        advanceSeconds(1);
        assertThat(busy.share()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void overlappingCallsOfTwoModelStreamsCountOnce() {
        busy.started();
        advanceSeconds(2);
        busy.started(); // a second stream's call while the first still runs
        advanceSeconds(2);
        busy.finished();
        advanceSeconds(2);
        busy.finished();
        advanceSeconds(4);
        assertThat(busy.share()).as("busy from 0 to 6 s, whatever the overlap").isCloseTo(0.6, within(1e-9));
    }

    private void call(int seconds) {
        busy.started();
        advanceSeconds(seconds);
        busy.finished();
    }

    private void advanceSeconds(int seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }
}
