package io.breedline.evaluation.metrics;

/** A confidence interval [low, high]. */
public record Interval(double low, double high) {}
