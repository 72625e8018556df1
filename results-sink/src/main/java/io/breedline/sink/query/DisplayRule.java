package io.breedline.sink.query;

import java.util.Locale;

/**
 * The original app's display rule: the top breed alone when the model is more than 50% sure of it, otherwise the top
 * two, so a user sees the runner-up whenever the model is unsure.
 */
public final class DisplayRule {
    static final double CONFIDENT = 0.5;

    private DisplayRule() {}

    public static String breeds(String top, double topP, String second, Double secondP) {
        if (topP > CONFIDENT || second == null || secondP == null) {
            return top;
        }
        return top + " / " + second;
    }

    public static String confidence(double topP, Double secondP) {
        if (topP > CONFIDENT || secondP == null) {
            return percent(topP);
        }
        return percent(topP) + " / " + percent(secondP);
    }

    /**
     * The original app's sentence: {@code "pug (87.0%)"} when sure, {@code "pug (41.0%) or boxer (30.0%)"} when not.
     */
    public static String sentence(String top, double topP, String second, Double secondP) {
        if (topP > CONFIDENT || second == null || secondP == null) {
            return top + " (" + percent(topP) + ")";
        }
        return top + " (" + percent(topP) + ") or " + second + " (" + percent(secondP) + ")";
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p * 100);
    }
}
