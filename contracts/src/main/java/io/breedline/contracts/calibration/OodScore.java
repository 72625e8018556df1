package io.breedline.contracts.calibration;



/**
 * How much a photo looks like the model's training data, from its probabilities alone; higher = more like a dog.
 *
 * <p>{@link #MSP} is the default: it is the confidence the user already sees, so its threshold reads as a percentage,
 * and it needs nothing from the model but its softmax output. The energy score (Liu et al., 2020) is better than MSP on
 * logits because it keeps their magnitude, but a softmax output has already thrown that magnitude away: over
 * log-probabilities the free energy at T = 1 is exactly 0 for every photo. At T &lt; 1 it is a norm of p and does rank
 * photos differently from MSP, so it is reported beside it for the user to compare on their own non-dog photos.
 */
public enum OodScore {
    /** Maximum softmax probability (Hendrycks and Gimpel, 2017). */
    MSP {
        @Override
        public double of(double[] p) {
            double max = 0;
            for (double v : p) {
                max = Math.max(max, v);
            }
            return max;
        }
    },
    /**
     * Negative free energy over log-probabilities at T = {@value #ENERGY_T}: T log sum exp(log p_k / T), which is
     * log ||p||_2 at T = 1/2 (0 for a one-hot distribution, -log(K)/2 for a uniform one over K classes).
     */
    ENERGY {
        @Override
        public double of(double[] p) {
            double max = Double.NEGATIVE_INFINITY;
            double[] z = new double[p.length];
            for (int k = 0; k < p.length; k++) {
                z[k] = TemperatureScaling.log(p[k]) / ENERGY_T;
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            return ENERGY_T * (max + Math.log(sum));
        }
    };

    public static final double ENERGY_T = 0.5;
    public static final OodScore DEFAULT = MSP;

    public abstract double of(double[] probabilities);
}
