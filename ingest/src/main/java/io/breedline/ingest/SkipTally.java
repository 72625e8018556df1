package io.breedline.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects a run skipped, counted by extension ({@code ".txt"}) or {@code "no extension"}, and what the source
 * left out by itself (hidden files, symbolic links). Not thread-safe.
 */
final class SkipTally {
    static final String NO_EXTENSION = "no extension";
    // A bucket full of oddly named files must not grow the job record without bound.
    private static final int MAX_REASONS = 50;
    private static final String OTHER = "other extensions";

    private final Map<String, Long> byReason = new TreeMap<>();
    private long total;
    private Map<String, Long> sourceCounts = Map.of();

    void add(String uri) {
        String reason = reason(uri);
        if (!byReason.containsKey(reason) && byReason.size() >= MAX_REASONS) {
            reason = OTHER;
        }
        byReason.merge(reason, 1L, Long::sum);
        total++;
    }

    /** Adds what a source left out by itself (hidden files, links): replaces the previous figures it gave. */
    void leftOutBySource(Map<String, Long> counts) {
        sourceCounts = Map.copyOf(counts);
    }

    long total() {
        return total + sourceCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> byReason() {
        Map<String, Long> all = new TreeMap<>(byReason);
        sourceCounts.forEach((reason, n) -> all.merge(reason, n, Long::sum));
        return Map.copyOf(all);
    }

    static String reason(String uri) {
        String name = uri.substring(uri.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return NO_EXTENSION;
        }
        String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return extension.length() <= 16 && extension.chars().allMatch(Character::isLetterOrDigit) ? "." + extension : OTHER;
    }
}
