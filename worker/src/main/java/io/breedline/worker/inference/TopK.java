package io.breedline.worker.inference;

import io.breedline.contracts.BreedScore;
import java.util.ArrayList;
import java.util.List;

/**
 * The k most probable classes, most probable first; ties go to the lower class index so results are repeatable. The
 * reported probabilities lie in [0,1] and sum to at most 1 + {@value #SUM_TOLERANCE}.
 */
public final class TopK {
    // Float rounding can put a softmax output a hair outside [0,1].
    private static final float TOLERANCE = 1e-4f;
    static final double SUM_TOLERANCE = 1e-6;
    // A float32 softmax over many classes can sum to 1 + 1e-5; past this the row is not a distribution at all (the
    // warm-up warned about it) and is reported as it is.
    private static final double ROUNDING_LIMIT = ProbabilityCheck.SUM_TOLERANCE;

    private TopK() {}

    public static List<BreedScore> of(float[] probabilities, List<String> labels, int k) {
        if (probabilities.length != labels.size()) {
            throw new IllegalArgumentException(
                    "model output has " + probabilities.length + " classes but there are " + labels.size() + " labels");
        }
        int n = Math.min(k, probabilities.length);
        double total = 0;
        // Partial selection: k is small (5) and C may be in the thousands.
        int[] best = new int[n];
        int filled = 0;
        for (int c = 0; c < probabilities.length; c++) {
            float p = checked(probabilities[c], c);
            total += Math.max(0, p);
            if (filled == n && !(p > probabilities[best[n - 1]])) {
                continue;
            }
            int pos = filled < n ? filled++ : n - 1;
            while (pos > 0 && p > probabilities[best[pos - 1]]) {
                best[pos] = best[pos - 1];
                pos--;
            }
            best[pos] = c;
        }
        double scale = total > 1 + SUM_TOLERANCE && total <= 1 + ROUNDING_LIMIT ? 1 / total : 1;
        List<BreedScore> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int c = best[i];
            double p = Math.min(1.0, Math.max(0.0, probabilities[c]) * scale);
            out.add(new BreedScore(labels.get(c), c, p));
        }
        return out;
    }

    private static float checked(float p, int classIndex) {
        if (Float.isNaN(p) || p < -TOLERANCE || p > 1 + TOLERANCE) {
            throw new IllegalStateException("model output is not a probability: " + p + " for class " + classIndex
                    + " (the model must end in a softmax)");
        }
        return p;
    }
}
