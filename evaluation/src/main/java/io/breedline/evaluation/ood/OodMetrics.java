package io.breedline.evaluation.ood;

import io.breedline.contracts.calibration.OodScore;
import java.util.Arrays;

/**
 * How well a score tells dog photos (positives) from photos that are not dogs.
 *
 * @param auroc the probability that a random dog photo scores above a random non-dog photo, ties counting half
 *     (the Mann-Whitney statistic)
 * @param fprAt95Tpr the share of non-dog photos that pass the threshold that keeps 95% of the dog photos
 * @param threshold that threshold
 */
public record OodMetrics(String score, int dogs, int notDogs, double auroc, double fprAt95Tpr, double threshold) {
    public static final double TPR = 0.95;

    public static OodMetrics of(OodScore score, double[] dogScores, double[] notDogScores) {
        if (dogScores.length == 0 || notDogScores.length == 0) {
            throw new IllegalArgumentException("AUROC needs dog and non-dog photos, had " + dogScores.length + " and "
                    + notDogScores.length);
        }
        double wins = 0;
        for (double d : dogScores) {
            for (double o : notDogScores) {
                wins += d > o ? 1 : d == o ? 0.5 : 0;
            }
        }
        double auroc = wins / ((double) dogScores.length * notDogScores.length);
        double threshold = passThreshold(dogScores, TPR);
        long passing = Arrays.stream(notDogScores).filter(s -> s >= threshold).count();
        return new OodMetrics(score.name(), dogScores.length, notDogScores.length, auroc,
                (double) passing / notDogScores.length, threshold);
    }

    /**
     * The highest threshold that at least {@code share} of the scores reach (score >= threshold passes): the
     * floor(n x (1 - share))-th smallest score. With 20 photos and 0.95, the second smallest: 19 of 20 pass.
     */
    public static double passThreshold(double[] scores, double share) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("a threshold needs at least one score");
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int index = (int) Math.floor(sorted.length * (1 - share) + 1e-9);
        return sorted[Math.min(index, sorted.length - 1)];
    }
}
