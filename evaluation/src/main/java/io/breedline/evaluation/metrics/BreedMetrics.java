package io.breedline.evaluation.metrics;

/**
 * One breed's scores.
 *
 * @param support photos of this breed
 * @param predicted photos the model called this breed
 * @param precision null when the model never predicted the breed (undefined, not zero)
 * @param f1 0 when precision is undefined or precision and recall are both 0
 */
public record BreedMetrics(String breed, int support, int predicted, int truePositives, Double precision, double recall,
        double f1) {}
