package io.breedline.contracts;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Topic names. Every service reads them from the same environment variables, so a deployment renames them in one place.
 */
public record Topics(String images, String predictions, String deadLetters) {
    public static final String IMAGES_DEFAULT = "breedline.images";
    public static final String PREDICTIONS_DEFAULT = "breedline.predictions";
    public static final String DEAD_LETTERS_DEFAULT = "breedline.dead-letters";

    public static final String IMAGES_ENV = "BREEDLINE_TOPIC_IMAGES";
    public static final String PREDICTIONS_ENV = "BREEDLINE_TOPIC_PREDICTIONS";
    public static final String DEAD_LETTERS_ENV = "BREEDLINE_TOPIC_DEAD_LETTERS";

    // Kafka's own rule for legal topic names.
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public Topics {
        check(IMAGES_ENV, images);
        check(PREDICTIONS_ENV, predictions);
        check(DEAD_LETTERS_ENV, deadLetters);
        if (images.equals(predictions) || images.equals(deadLetters) || predictions.equals(deadLetters)) {
            throw new IllegalArgumentException("topic names must differ: " + images + ", " + predictions + ", " + deadLetters);
        }
    }

    public static Topics defaults() {
        return new Topics(IMAGES_DEFAULT, PREDICTIONS_DEFAULT, DEAD_LETTERS_DEFAULT);
    }

    public static Topics fromEnv(Map<String, String> env) {
        return new Topics(
                env.getOrDefault(IMAGES_ENV, IMAGES_DEFAULT),
                env.getOrDefault(PREDICTIONS_ENV, PREDICTIONS_DEFAULT),
                env.getOrDefault(DEAD_LETTERS_ENV, DEAD_LETTERS_DEFAULT));
    }

    /** The same names with a suffix, so tests can run on fresh topics. */
    public Topics withSuffix(String suffix) {
        return new Topics(images + suffix, predictions + suffix, deadLetters + suffix);
    }

    private static void check(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!LEGAL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a legal Kafka topic name (letters, digits, '.', '_', '-')");
        }
    }
}
