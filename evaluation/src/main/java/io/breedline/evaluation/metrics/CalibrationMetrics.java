package io.breedline.evaluation.metrics;

import io.breedline.evaluation.Scored;
import java.util.ArrayList;
import java.util.List;

/**
 * How far the confidence shown (the top-1 probability) is from how often the model is right.
 *
 * @param ece expected calibration error: over {@value #BINS} equal-width confidence bins, the photo-weighted mean of
 *     |accuracy - mean confidence|
 * @param mce maximum calibration error: the largest such gap over the non-empty bins
 * @param nll negative log-likelihood of the true breed, mean over photos, natural log; a probability below
 *     {@link Probabilities#FLOOR} counts as that floor (a float32 softmax cannot give less without denormals)
 * @param brier the multi-class Brier score: mean over photos of the sum over classes of (p_k - y_k)^2, in [0, 2]
 */
public record CalibrationMetrics(int photos, double ece, double mce, double nll, double brier, List<ReliabilityBin> bins) {
    public static final int BINS = 15;

    public static CalibrationMetrics of(List<Scored> photos) {
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("calibration metrics need at least one photo");
        }
        int[] count = new int[BINS];
        int[] correct = new int[BINS];
        double[] confidence = new double[BINS];
        double nll = 0;
        double brier = 0;
        for (Scored s : photos) {
            double c = s.confidence();
            int b = bin(c);
            count[b]++;
            confidence[b] += c;
            if (s.correct()) {
                correct[b]++;
            }
            nll -= Probabilities.log(s.probabilities()[s.truth()]);
            double[] p = s.probabilities();
            for (int k = 0; k < p.length; k++) {
                double d = p[k] - (k == s.truth() ? 1 : 0);
                brier += d * d;
            }
        }
        int n = photos.size();
        double ece = 0;
        double mce = 0;
        List<ReliabilityBin> bins = new ArrayList<>(BINS);
        for (int b = 0; b < BINS; b++) {
            double lower = (double) b / BINS;
            double upper = (double) (b + 1) / BINS;
            if (count[b] == 0) {
                bins.add(new ReliabilityBin(lower, upper, 0, 0, null, null));
                continue;
            }
            double meanConfidence = confidence[b] / count[b];
            double accuracy = (double) correct[b] / count[b];
            double gap = Math.abs(accuracy - meanConfidence);
            ece += gap * count[b] / n;
            mce = Math.max(mce, gap);
            bins.add(new ReliabilityBin(lower, upper, count[b], correct[b], meanConfidence, accuracy));
        }
        return new CalibrationMetrics(n, ece, mce, nll / n, brier / n, List.copyOf(bins));
    }

    /** Bin b holds confidences in (b/15, (b+1)/15]; a confidence of exactly 0 goes to the first. */
    static int bin(double confidence) {
        int b = (int) Math.ceil(confidence * BINS) - 1;
        return Math.max(0, Math.min(BINS - 1, b));
    }
}
