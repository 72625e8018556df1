package io.breedline.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The objects a run skipped, counted by extension ({@code ".txt"}) or {@code "no extension"}. Not thread-safe. */
final class SkipTally {
    static final String NO_EXTENSION = "no extension";
    // A bucket full of oddly named files must not grow the job record without bound.
    private static final int MAX_REASONS = 50;
    private static final String OTHER = "other extensions";

    private final Map<String, Long> byReason = new TreeMap<>();
    private long total;

    void add(String uri) {
        String reason = reason(uri);
        if (!byReason.containsKey(reason) && byReason.size() >= MAX_REASONS) {
            reason = OTHER;
        }
        byReason.merge(reason, 1L, Long::sum);
        total++;
    }

    long total() {
        return total;
    }

    Map<String, Long> byReason() {
        return Map.copyOf(byReason);
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
