package io.breedline.evaluation.calibration;

import io.breedline.contracts.calibration.TemperatureScaling;
import io.breedline.evaluation.Scored;
import io.breedline.evaluation.metrics.Probabilities;
import java.util.List;

/**
 * Temperature scaling on softmax outputs. A softmax output p = softmax(z) has log p = z - logsumexp(z): the logits up to
 * a constant per photo, which softmax ignores. So softmax(log p / T) = softmax(z / T), and a model that only gives
 * probabilities can be calibrated exactly as if its logits were at hand. T above 1 softens an over-confident model;
 * the ranking, and so the accuracy, never changes.
 */
public final class Temperature {
    /** The range searched: wide enough for any model seen in practice, and it keeps the exponent finite. */
    static final double MIN = 0.05;
    static final double MAX = 20;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
    private static final double TOLERANCE = 1e-9;

    private Temperature() {}

    /** softmax(log p / t): the one implementation, which the worker applies too. */
    public static double[] apply(double[] probabilities, double t) {
        return TemperatureScaling.apply(probabilities, t);
    }

    public static List<Scored> apply(List<Scored> photos, double t) {
        return photos.stream().map(s -> s.withProbabilities(apply(s.probabilities(), t))).toList();
    }

    /** Mean negative log-likelihood of the true breeds after scaling by t. */
    public static double nll(List<Scored> photos, double t) {
        double total = 0;
        for (Scored s : photos) {
            double[] p = s.probabilities();
            double max = Double.NEGATIVE_INFINITY;
            double[] z = new double[p.length];
            for (int k = 0; k < p.length; k++) {
                z[k] = Probabilities.log(p[k]) / t;
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            total += max + Math.log(sum) - z[s.truth()];
        }
        return total / photos.size();
    }

    /**
     * The temperature minimising the NLL, by golden-section search on log T over [{@value #MIN}, {@value #MAX}]. The
     * NLL is convex in 1/T, so it has one minimum along log T and a bracketing search finds it without derivatives.
     */
    public static Fit fit(List<Scored> photos) {
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("fitting a temperature needs at least one photo");
        }
        double a = Math.log(MIN);
        double b = Math.log(MAX);
        double c = b - GOLDEN * (b - a);
        double d = a + GOLDEN * (b - a);
        double fc = nll(photos, Math.exp(c));
        double fd = nll(photos, Math.exp(d));
        while (b - a > TOLERANCE) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - GOLDEN * (b - a);
                fc = nll(photos, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + GOLDEN * (b - a);
                fd = nll(photos, Math.exp(d));
            }
        }
        double t = Math.exp((a + b) / 2);
        double best = nll(photos, t);
        // At an end, or on a plateau reaching an end (all right and sure: the NLL rounds to 0 for every small T).
        boolean atBound = best >= nll(photos, MIN) - 1e-12 || best >= nll(photos, MAX) - 1e-12;
        return new Fit(t, nll(photos, 1), best, photos.size(), atBound);
    }

    /**
     * @param atBound the minimum lies at an end of the searched range: the photos do not pin the temperature down (all
     *     right with high confidence, say), and the value is a limit, not an estimate
     */
    public record Fit(double temperature, double nllBefore, double nllAfter, int photos, boolean atBound) {}
}
