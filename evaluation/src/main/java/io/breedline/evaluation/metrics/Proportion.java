package io.breedline.evaluation.metrics;

/**
 * A share of hits with its 95% Wilson score interval.
 *
 * <p>Wilson rather than the normal approximation: a folder of a few dozen photos with accuracy near 0 or 1 is the common
 * case here, and there the normal interval leaves [0,1] or collapses to a point.
 */
public record Proportion(long hits, long total, double value, Interval ci95) {
    static final double Z95 = 1.959963984540054;

    public static Proportion of(long hits, long total) {
        if (total <= 0) {
            throw new IllegalArgumentException("a proportion needs at least one case, had " + total);
        }
        if (hits < 0 || hits > total) {
            throw new IllegalArgumentException("hits " + hits + " must lie within 0.." + total);
        }
        double n = total;
        double p = hits / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Proportion(hits, total, p, new Interval(Math.max(0, centre - half), Math.min(1, centre + half)));
    }
}
