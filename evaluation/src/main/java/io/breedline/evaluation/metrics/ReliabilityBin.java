package io.breedline.evaluation.metrics;

/**
 * Photos whose top-1 confidence fell in (lower, upper].
 *
 * @param meanConfidence null for an empty bin
 * @param accuracy null for an empty bin
 */
public record ReliabilityBin(double lower, double upper, int count, int correct, Double meanConfidence, Double accuracy) {}
