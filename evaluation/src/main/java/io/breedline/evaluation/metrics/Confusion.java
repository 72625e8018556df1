package io.breedline.evaluation.metrics;

import io.breedline.evaluation.Scored;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The confusion matrix of the top-1 predictions over all the model's labels, and what follows from it: per-breed
 * precision, recall and F1 for the breeds the folder has, and the most frequent mistakes.
 */
public final class Confusion {
    private final List<String> labels;
    private final int[][] counts;

    public Confusion(List<String> labels, List<Scored> photos) {
        this.labels = List.copyOf(labels);
        this.counts = new int[labels.size()][labels.size()];
        for (Scored s : photos) {
            if (s.probabilities().length != labels.size()) {
                throw new IllegalArgumentException(s.uri() + " has " + s.probabilities().length + " probabilities for "
                        + labels.size() + " labels");
            }
            counts[s.truth()][s.predicted()]++;
        }
    }

    /** Photos of breed {@code truth} predicted as {@code predicted}. */
    public int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** The label indexes with at least one photo, in label order: the rows worth showing. */
    public List<Integer> presentBreeds() {
        List<Integer> present = new ArrayList<>();
        for (int t = 0; t < labels.size(); t++) {
            if (support(t) > 0) {
                present.add(t);
            }
        }
        return present;
    }

    public int support(int breed) {
        int n = 0;
        for (int p = 0; p < labels.size(); p++) {
            n += counts[breed][p];
        }
        return n;
    }

    public int predicted(int breed) {
        int n = 0;
        for (int t = 0; t < labels.size(); t++) {
            n += counts[t][breed];
        }
        return n;
    }

    /** Scores of each breed the folder has, in label order. */
    public List<BreedMetrics> perBreed() {
        List<BreedMetrics> out = new ArrayList<>();
        for (int b : presentBreeds()) {
            int tp = counts[b][b];
            int support = support(b);
            int predicted = predicted(b);
            Double precision = predicted == 0 ? null : (double) tp / predicted;
            double recall = (double) tp / support;
            double f1 = precision == null || precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            out.add(new BreedMetrics(labels.get(b), support, predicted, tp, precision, recall, f1));
        }
        return out;
    }

    /** The mean of the per-breed F1 over the breeds the folder has. */
    public double macroF1() {
        return perBreed().stream().mapToDouble(BreedMetrics::f1).average().orElse(0);
    }

    /** The off-diagonal cells, the largest first (ties by breed names), at most {@code limit}. */
    public List<ConfusedPair> mostConfused(int limit) {
        List<ConfusedPair> pairs = new ArrayList<>();
        for (int t = 0; t < labels.size(); t++) {
            for (int p = 0; p < labels.size(); p++) {
                if (t != p && counts[t][p] > 0) {
                    pairs.add(new ConfusedPair(labels.get(t), labels.get(p), counts[t][p]));
                }
            }
        }
        pairs.sort(Comparator.comparingInt(ConfusedPair::count).reversed()
                .thenComparing(ConfusedPair::truth).thenComparing(ConfusedPair::predicted));
        return List.copyOf(pairs.subList(0, Math.min(limit, pairs.size())));
    }

    public List<String> labels() {
        return labels;
    }
}
