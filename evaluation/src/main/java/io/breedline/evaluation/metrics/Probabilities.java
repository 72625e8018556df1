package io.breedline.evaluation.metrics;

/** Logarithms of softmax outputs, with the one floor every metric and the temperature fit share. */
public final class Probabilities {
    /**
     * The smallest normal float: a float32 softmax gives exactly 0 below it, and log 0 would make one photo's NLL (and
     * the temperature fit) infinite.
     */
    public static final double FLOOR = Float.MIN_NORMAL;

    private Probabilities() {}

    public static double log(double p) {
        return Math.log(Math.max(p, FLOOR));
    }
}
