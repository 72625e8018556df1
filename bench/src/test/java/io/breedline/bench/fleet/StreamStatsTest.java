package io.breedline.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.bench.fleet.StreamStats.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamStatsTest {
    /** A worker publishing a batch of {@code size} predictions every {@code cycle} ms from {@code from} to {@code to}. */
    private static List<Event> train(String worker, long from, long to, long cycle, int size) {
        List<Event> events = new ArrayList<>();
        for (long t = from; t < to; t += cycle) {
            for (int i = 0; i < size; i++) {
                events.add(new Event(t + i, worker, 0));
            }
        }
        return events;
    }

    @Test
    void rateCountsOnlyTheWindow() {
        List<Event> events = train("a", 0, 10_000, 1000, 32);
        assertThat(StreamStats.rate(events, 2000, 6000)).isEqualTo(32.0);
        assertThat(StreamStats.rate(events, 10_000, 12_000)).isZero();
        assertThatThrownBy(() -> StreamStats.rate(events, 5, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perWorkerCountsEachWorkersPredictions() {
        List<Event> events = new ArrayList<>(train("a", 0, 4000, 1000, 32));
        events.addAll(train("b", 500, 4000, 1000, 16));
        assertThat(StreamStats.perWorker(events, 0, 4000)).isEqualTo(Map.of("a", 128L, "b", 64L));
    }

    @Test
    void burstsSplitOnSpacesOfAtLeastTheThreshold() {
        List<Event> events = train("a", 1000, 5000, 1000, 32);
        assertThat(StreamStats.bursts(events, "a", 500)).containsExactly(1000L, 2000L, 3000L, 4000L);
        assertThat(StreamStats.bursts(events, "b", 500)).isEmpty();
        assertThat(StreamStats.medianSpacing(List.of(0L, 1000L, 2000L, 5000L, 6000L))).isEqualTo(1000);
    }

    @Test
    void longestSpacingClipsToTheWindowAndCountsASilentEnd() {
        List<Long> bursts = List.of(0L, 1000L, 4000L, 5000L);
        assertThat(StreamStats.longestSpacing(bursts, 0, 5000)).isEqualTo(3000);
        assertThat(StreamStats.longestSpacing(bursts, 3500, 5000)).isEqualTo(1000);
        // Stopped publishing at 5000: stalled until the window ends.
        assertThat(StreamStats.longestSpacing(bursts, 4500, 9000)).isEqualTo(4000);
        assertThat(StreamStats.longestSpacing(List.of(), 0, 9000)).isZero();
    }

    @Test
    void extraStallIsTheWorstPauseBeyondEachWorkersNormalCycle() {
        List<Event> events = new ArrayList<>();
        events.addAll(train("steady", 0, 30_000, 1000, 32));
        // Paused 2.5 s at 20 s (a rebalance), else every 1100 ms.
        events.addAll(train("paused", 0, 20_000, 1100, 32));
        events.addAll(train("paused", 23_600, 30_000, 1100, 32));
        long stall = StreamStats.extraStall(events, List.of("steady", "paused"), 500, 0, 15_000, 18_000, 30_000);
        assertThat(stall).isEqualTo((23_600 - 19_800) - 1100);
        assertThat(StreamStats.extraStall(events, List.of("steady"), 500, 0, 15_000, 18_000, 30_000)).isZero();
    }

    @Test
    void medianCycleIsTheMiddleWorkersOwnCycle() {
        List<Event> events = new ArrayList<>();
        events.addAll(train("a", 0, 20_000, 1000, 32));
        events.addAll(train("b", 0, 20_000, 1100, 32));
        events.addAll(train("c", 0, 20_000, 1300, 32));
        assertThat(StreamStats.medianCycle(events, List.of("a", "b", "c"), 500, 0, 20_000)).isEqualTo(1100);
        assertThat(StreamStats.medianCycle(events, List.of("nobody"), 500, 0, 20_000)).isZero();
    }

    @Test
    void firstAndLastOfAWorker() {
        List<Event> events = train("a", 1000, 5000, 1000, 2);
        assertThat(StreamStats.firstOf(events, "a", 2500)).isEqualTo(3000);
        assertThat(StreamStats.lastOf(events, "a")).isEqualTo(4001);
        assertThat(StreamStats.firstOf(events, "b", 0)).isEqualTo(-1);
    }
}
