package io.breedline.evaluation.metrics;

/** Photos of {@code truth} the model called {@code predicted}. */
public record ConfusedPair(String truth, String predicted, int count) {}
