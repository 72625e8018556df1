package io.breedline.bench;

import java.util.List;
import java.util.Locale;

/** The conclusions of {@code bench latency --backfill}, from the rounds of one repeat (measured side by side). */
final class BackfillReport {
    private BackfillReport() {}

    static String summary(List<BackfillResult> repeat, double uploadRate) {
        BackfillResult alone = find(repeat, BackfillRound.Mode.ALONE);
        BackfillResult lanes = find(repeat, BackfillRound.Mode.LANES);
        BackfillResult noLanes = find(repeat, BackfillRound.Mode.NO_LANES);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "uploads p50/p95/p99: with lanes %d/%d/%d ms, without %d/%d/%d ms (p99 %.1f times)%n",
                lanes.uploads().percentile(50), lanes.uploads().percentile(95), lanes.uploads().percentile(99),
                noLanes.uploads().percentile(50), noLanes.uploads().percentile(95), noLanes.uploads().percentile(99),
                (double) noLanes.uploads().percentile(99) / Math.max(1, lanes.uploads().percentile(99))));
        sb.append(String.format(Locale.ROOT,
                "backfill throughput: alone %.1f images/s; with %.1f uploads/s: %.1f with lanes (bulk keeps %.1f%%),"
                        + " %.1f without (%.1f%%)%n",
                alone.imagesPerSecond(), uploadRate, lanes.imagesPerSecond(),
                100 * share(lanes, alone), noLanes.imagesPerSecond(), 100 * share(noLanes, alone)));
        sb.append("every backfill image labeled once: ").append(repeat.stream().allMatch(BackfillResult::labeledOnce)
                ? "yes, in every round" : "NO (see the table)").append('\n');
        return sb.toString();
    }

    /** The share of its throughput alone that the backfill keeps in {@code with}. */
    static double share(BackfillResult with, BackfillResult alone) {
        return with.imagesPerSecond() / alone.imagesPerSecond();
    }

    private static BackfillResult find(List<BackfillResult> repeat, BackfillRound.Mode mode) {
        return repeat.stream().filter(r -> r.mode() == mode).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + mode + " round in " + repeat));
    }
}
