package io.breedline.bench.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Figures from the prediction stream: throughput in a window, images per worker, and the stalls a rebalance causes.
 * A stand-in worker publishes a whole batch at once, every batch time, so each worker's stream is a train of bursts;
 * a rebalance that stops a worker shows as a longer space between two of its bursts.
 */
final class StreamStats {
    /** One committed prediction: when the worker produced it (epoch ms), which worker, from which partition. */
    record Event(long timestampMs, String workerId, int partition) {}

    private StreamStats() {}

    /** Predictions per second produced in [fromMs, toMs). */
    static double rate(Collection<Event> events, long fromMs, long toMs) {
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("empty window " + fromMs + ".." + toMs);
        }
        long n = events.stream().filter(e -> e.timestampMs() >= fromMs && e.timestampMs() < toMs).count();
        return n * 1000.0 / (toMs - fromMs);
    }

    /** Predictions per worker produced in [fromMs, toMs), by worker id. */
    static Map<String, Long> perWorker(Collection<Event> events, long fromMs, long toMs) {
        return events.stream()
                .filter(e -> e.timestampMs() >= fromMs && e.timestampMs() < toMs)
                .collect(Collectors.groupingBy(Event::workerId, TreeMap::new, Collectors.counting()));
    }

    /**
     * The start times of one worker's bursts: predictions less than {@code splitMs} after the previous one belong to
     * the same burst (a batch's predictions are produced within milliseconds; batches are a batch time apart).
     */
    static List<Long> bursts(Collection<Event> events, String workerId, long splitMs) {
        List<Long> times = events.stream().filter(e -> e.workerId().equals(workerId))
                .map(Event::timestampMs).sorted().toList();
        List<Long> starts = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (long t : times) {
            if (starts.isEmpty() || t - last >= splitMs) {
                starts.add(t);
            }
            last = t;
        }
        return starts;
    }

    /** The median space between consecutive bursts: the worker's normal cycle (batch time plus overheads). */
    static long medianSpacing(List<Long> bursts) {
        if (bursts.size() < 2) {
            throw new IllegalArgumentException("need two bursts for a spacing, got " + bursts.size());
        }
        List<Long> spaces = new ArrayList<>();
        for (int i = 1; i < bursts.size(); i++) {
            spaces.add(bursts.get(i) - bursts.get(i - 1));
        }
        spaces.sort(null);
        return spaces.get(spaces.size() / 2);
    }

    /**
     * The longest space between consecutive bursts that overlaps [fromMs, toMs], counting the space from the last
     * burst to {@code toMs} (a worker that stopped publishing is stalled until the window ends). 0 if no bursts.
     */
    static long longestSpacing(List<Long> bursts, long fromMs, long toMs) {
        long longest = 0;
        for (int i = 1; i < bursts.size(); i++) {
            long a = bursts.get(i - 1);
            long b = bursts.get(i);
            if (b >= fromMs && a <= toMs) {
                longest = Math.max(longest, Math.min(b, toMs) - Math.max(a, fromMs));
            }
        }
        if (!bursts.isEmpty()) {
            long last = bursts.get(bursts.size() - 1);
            if (last < toMs) {
                longest = Math.max(longest, toMs - Math.max(last, fromMs));
            }
        }
        return longest;
    }

    /**
     * How much longer than its normal cycle the worst-hit worker among {@code workers} waited between two batches in
     * [fromMs, toMs]: the pause a rebalance cost the workers that were already running. 0 if none waited longer.
     */
    static long extraStall(Collection<Event> events, Collection<String> workers, long splitMs, long normalFromMs,
            long normalToMs, long fromMs, long toMs) {
        long worst = 0;
        for (String w : workers) {
            List<Long> all = bursts(events, w, splitMs);
            List<Long> normal = all.stream().filter(t -> t >= normalFromMs && t < normalToMs).toList();
            if (normal.size() < 2) {
                continue;
            }
            worst = Math.max(worst, longestSpacing(all, fromMs, toMs) - medianSpacing(normal));
        }
        return worst;
    }

    /** The median of the workers' own median cycles in [fromMs, toMs): batch time plus the worker's overhead. */
    static long medianCycle(Collection<Event> events, Collection<String> workers, long splitMs, long fromMs, long toMs) {
        List<Long> cycles = new ArrayList<>();
        for (String w : workers) {
            List<Long> b = bursts(events, w, splitMs).stream().filter(t -> t >= fromMs && t < toMs).toList();
            if (b.size() >= 2) {
                cycles.add(medianSpacing(b));
            }
        }
        if (cycles.isEmpty()) {
            return 0;
        }
        cycles.sort(null);
        return cycles.get(cycles.size() / 2);
    }

    /** The first prediction of {@code workerId} at or after {@code fromMs}, or -1. */
    static long firstOf(Collection<Event> events, String workerId, long fromMs) {
        return events.stream().filter(e -> e.workerId().equals(workerId) && e.timestampMs() >= fromMs)
                .mapToLong(Event::timestampMs).min().orElse(-1);
    }

    /** The last prediction of {@code workerId}, or -1. */
    static long lastOf(Collection<Event> events, String workerId) {
        return events.stream().filter(e -> e.workerId().equals(workerId))
                .mapToLong(Event::timestampMs).max().orElse(-1);
    }
}
