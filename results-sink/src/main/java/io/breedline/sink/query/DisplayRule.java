package io.breedline.sink.query;

import java.util.Locale;

/**
 * The original app's display rule: the top breed alone when the model is more than 50% sure of it, otherwise the top
 * two, so a user sees the runner-up whenever the model is unsure. A prediction a calibrated model marked as probably
 * not a dog (below its saved threshold) reads {@value #NOT_A_DOG} first, its breeds kept after it in brackets.
 */
public final class DisplayRule {
    public static final String NOT_A_DOG = "not a dog?";
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

    /** {@link #breeds(String, double, String, Double)}, or {@code "not a dog? (pug / boxer)"} when marked so. */
    public static String breeds(String top, double topP, String second, Double secondP, boolean notADog) {
        return marked(breeds(top, topP, second, secondP), notADog);
    }

    /** {@link #sentence(String, double, String, Double)}, or {@code "not a dog? (pug (12.0%))"} when marked so. */
    public static String sentence(String top, double topP, String second, Double secondP, boolean notADog) {
        return marked(sentence(top, topP, second, secondP), notADog);
    }

    private static String marked(String shown, boolean notADog) {
        return notADog ? NOT_A_DOG + " (" + shown + ")" : shown;
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p * 100);
    }
}
