package io.breedline.worker.inference;

import java.util.Optional;

/**
 * Whether a model's outputs look like class probabilities (each row in [0,1], summing to 1). Checked once at warm-up:
 * predictions report the top-k outputs as probabilities, which for logits or independent sigmoid scores would be
 * numbers without meaning, and nothing downstream could tell.
 */
final class ProbabilityCheck {
    // A float32 softmax over thousands of classes sums to 1 within about 1e-5; 1e-3 only catches real departures.
    static final double SUM_TOLERANCE = 1e-3;
    static final double RANGE_TOLERANCE = 1e-4;

    private ProbabilityCheck() {}

    /** What is wrong with the rows as probabilities, or empty when they look like a softmax output. */
    static Optional<String> problem(float[][] rows) {
        for (int r = 0; r < rows.length; r++) {
            double sum = 0;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float p : rows[r]) {
                if (!Float.isFinite(p)) {
                    return Optional.of("row " + r + " holds " + p);
                }
                sum += p;
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
            if (min < -RANGE_TOLERANCE) {
                return Optional.of("row " + r + " has a negative value (" + min + ")");
            }
            if (max > 1 + RANGE_TOLERANCE) {
                return Optional.of("row " + r + " has a value above 1 (" + max + ")");
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                return Optional.of("row " + r + " sums to " + (float) sum + ", not 1");
            }
        }
        return Optional.empty();
    }
}
