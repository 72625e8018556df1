package io.breedline.web.query;

import io.breedline.web.http.ApiException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code GET /api/images} asks for: a job's photos, by breed, confidence range and outcome, in confidence order,
 * one page after a key.
 *
 * @param outcome {@code labeled} (default), {@code dead-letter}, {@code reviewed} or {@code unreviewed} (labeled photos
 *     with or without a review)
 * @param ascending least confident first (the review queue's order) when true
 * @param after the last key of the previous page, empty for the first
 */
public record ImageFilter(
        Optional<String> job,
        Optional<String> breed,
        double minConfidence,
        double maxConfidence,
        Outcome outcome,
        boolean ascending,
        Optional<PageKey> after,
        int limit) {
    public static final int LIMIT_DEFAULT = 60;
    public static final int LIMIT_MAX = 500;

    public enum Outcome {
        LABELED, DEAD_LETTER, REVIEWED, UNREVIEWED;

        static Outcome parse(String value) {
            for (Outcome o : values()) {
                if (o.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(value)) {
                    return o;
                }
            }
            throw ApiException.badRequest("outcome must be labeled, dead-letter, reviewed or unreviewed, not '" + value + "'");
        }
    }

    public ImageFilter {
        if (minConfidence > maxConfidence) {
            throw ApiException.badRequest("minConfidence " + minConfidence + " is above maxConfidence " + maxConfidence);
        }
    }

    public static ImageFilter parse(Map<String, String> q) {
        String sort = q.getOrDefault("sort", "confidence-desc");
        if (!sort.equals("confidence-asc") && !sort.equals("confidence-desc")) {
            throw ApiException.badRequest("sort must be confidence-asc or confidence-desc, not '" + sort + "'");
        }
        return new ImageFilter(
                nonBlank(q.get("job")),
                nonBlank(q.get("breed")),
                confidence(q, "minConfidence", 0.0),
                confidence(q, "maxConfidence", 1.0),
                Outcome.parse(q.getOrDefault("outcome", "labeled").strip().toLowerCase(Locale.ROOT)),
                sort.equals("confidence-asc"),
                nonBlank(q.get("after")).map(PageKey::decode),
                limit(q.get("limit")));
    }

    private static Optional<String> nonBlank(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static double confidence(Map<String, String> q, String name, double fallback) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (!(d >= 0 && d <= 1)) {
                throw ApiException.badRequest(name + " must lie between 0 and 1, was " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " is not a number: '" + v + "'");
        }
    }

    private static int limit(String v) {
        if (v == null || v.isBlank()) {
            return LIMIT_DEFAULT;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 1 || n > LIMIT_MAX) {
                throw ApiException.badRequest("limit must be 1 to " + LIMIT_MAX + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit is not a number: '" + v + "'");
        }
    }
}
