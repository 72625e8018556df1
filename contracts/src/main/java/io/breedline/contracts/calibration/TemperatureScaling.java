package io.breedline.contracts.calibration;

/**
 * Temperature scaling on softmax outputs: softmax(log p / T). A softmax output p = softmax(z) has log p = z -
 * logsumexp(z), the logits up to a constant per photo, which softmax ignores; so this equals softmax(z / T) and a model
 * that only gives probabilities is calibrated exactly as if its logits were at hand. T above 1 softens; the ranking
 * never changes. Shared by {@code evaluate} (which fits T) and the worker (which applies it).
 */
public final class TemperatureScaling {
    /**
     * The smallest normal float: a float32 softmax gives exactly 0 below it, and log 0 would make a photo's NLL (and the
     * temperature fit) infinite.
     */
    public static final double FLOOR = Float.MIN_NORMAL;

    private TemperatureScaling() {}

    public static double log(double p) {
        return Math.log(Math.max(p, FLOOR));
    }

    /** softmax(log p / t), by the largest term first so the exponent stays finite. */
    public static double[] apply(double[] probabilities, double t) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("temperature must be positive and finite, was " + t);
        }
        double[] scaled = new double[probabilities.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < probabilities.length; k++) {
            scaled[k] = log(probabilities[k]) / t;
            max = Math.max(max, scaled[k]);
        }
        double sum = 0;
        for (int k = 0; k < scaled.length; k++) {
            scaled[k] = Math.exp(scaled[k] - max);
            sum += scaled[k];
        }
        for (int k = 0; k < scaled.length; k++) {
            scaled[k] /= sum;
        }
        return scaled;
    }
}
