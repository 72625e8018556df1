package io.breedline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackfillReportTest {
    private static final Duration DELAY = Duration.ofMillis(50);

    @Test
    void theSummaryComparesUploadLatencyAcrossLanesAndTheBackfillsShareAgainstItsThroughputAlone() {
        List<BackfillResult> repeat = List.of(
                result(BackfillRound.Mode.ALONE, 50.0, List.of(), clean()),
                result(BackfillRound.Mode.LANES, 45.0, List.of(500L, 900L, 1_500L), clean()),
                result(BackfillRound.Mode.NO_LANES, 49.0, List.of(60_000L, 120_000L, 300_000L), clean()));

        String summary = BackfillReport.summary(repeat, 2.0);

        assertThat(summary)
                .contains("with lanes 900/1500/1500 ms, without 120000/300000/300000 ms (p99 200.0 times)")
                .contains("alone 50.0 images/s; with 2.0 uploads/s: 45.0 with lanes (bulk keeps 90.0%), 49.0 without (98.0%)")
                .contains("every backfill image labeled once: yes, in every round");
    }

    @Test
    void anImageLabeledTwiceMissingOrDeadLetteredIsNotLabeledOnce() {
        assertThat(result(BackfillRound.Mode.ALONE, 1, List.of(), clean()).labeledOnce()).isTrue();
        assertThat(result(BackfillRound.Mode.ALONE, 1, List.of(), new PredictionCount(101, 100, 0, List.of())).labeledOnce())
                .as("a duplicate").isFalse();
        assertThat(result(BackfillRound.Mode.ALONE, 1, List.of(), new PredictionCount(99, 99, 0, List.of())).labeledOnce())
                .as("one missing").isFalse();
        assertThat(result(BackfillRound.Mode.ALONE, 1, List.of(), new PredictionCount(100, 100, 1, List.of())).labeledOnce())
                .as("a dead letter").isFalse();
        BackfillResult rowsShort = new BackfillResult(BackfillRound.Mode.ALONE, 100, 1, 99, clean(),
                LatencySummary.of(DELAY, List.of(), Double.NaN), 0);
        assertThat(rowsShort.labeledOnce()).as("a row missing in the database").isFalse();
        assertThat(rowsShort.row()).endsWith("NO");
    }

    private static PredictionCount clean() {
        return new PredictionCount(100, 100, 0, List.of());
    }

    private static BackfillResult result(BackfillRound.Mode mode, double rate, List<Long> latencyMs, PredictionCount count) {
        return new BackfillResult(mode, 100, rate, 100, count,
                LatencySummary.of(DELAY, latencyMs.stream().map(ms -> ms * 1_000_000).toList(), Double.NaN), 0);
    }
}
