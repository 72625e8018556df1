package io.breedline.contracts;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The files an ingest run left out, counted by reason ({@code ".txt"}, {@code "no extension"}), in words. */
public final class SkippedFiles {
    private SkippedFiles() {}

    /**
     * {@code "2 .txt, 1 .mov"}: the most frequent reason first, then by name; at most {@code limit} reasons, the rest
     * summed as {@code "4 other"}. Empty for no skipped files.
     */
    public static String describe(Map<String, Long> byReason, int limit) {
        var sorted = byReason.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .toList();
        String shown = sorted.stream().limit(limit)
                .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
        long rest = sorted.stream().skip(limit).mapToLong(Map.Entry::getValue).sum();
        return rest > 0 ? String.format(Locale.ROOT, "%s, %,d other", shown, rest) : shown;
    }

    /** An immutable, sorted copy; null is empty. */
    static Map<String, Long> copy(Map<String, Long> byReason) {
        return byReason == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(byReason));
    }
}
