package io.breedline.evaluation;

import java.util.Objects;

/**
 * One labeled photo and what the model gave it.
 *
 * @param uri the photo, as the pipeline names it
 * @param truth the index of its true breed in the model's labels
 * @param probabilities the model's whole distribution, in label order (not only the top k)
 */
public record Scored(String uri, int truth, double[] probabilities) {

    public Scored {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(probabilities, "probabilities");
        if (truth < 0 || truth >= probabilities.length) {
            throw new IllegalArgumentException("truth " + truth + " is outside 0.." + (probabilities.length - 1) + " for " + uri);
        }
    }

    /** The predicted class: the most probable, the lower index on a tie (as the worker's top-k orders them). */
    public int predicted() {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The top-1 probability: the confidence the user is shown. */
    public double confidence() {
        return probabilities[predicted()];
    }

    /** Where the true breed ranks, 0 = first, with the worker's tie rule (the lower index first). */
    public int rankOfTruth() {
        double p = probabilities[truth];
        int rank = 0;
        for (int c = 0; c < probabilities.length; c++) {
            if (probabilities[c] > p || (probabilities[c] == p && c < truth)) {
                rank++;
            }
        }
        return rank;
    }

    public boolean correct() {
        return predicted() == truth;
    }

    /** The same photo with another distribution (a calibrated one). */
    public Scored withProbabilities(double[] other) {
        return new Scored(uri, truth, other);
    }
}
