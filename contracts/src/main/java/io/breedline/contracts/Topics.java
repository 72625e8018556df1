package io.breedline.contracts;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Topic names. Every service reads them from the same environment variables, so a deployment renames them in one place.
 *
 * @param labeled the compacted topic of {@link LabelMark}s the workers de-duplicate with; it has as many partitions as
 *     {@code images}, partition p holding the marks of the images read from images partition p
 * @see #alreadyLabeled()
 */
public record Topics(String images, String predictions, String deadLetters, String labeled) {
    public static final String IMAGES_DEFAULT = "breedline.images";
    public static final String PREDICTIONS_DEFAULT = "breedline.predictions";
    public static final String DEAD_LETTERS_DEFAULT = "breedline.dead-letters";
    public static final String LABELED_DEFAULT = "breedline.labeled";
    public static final String ALREADY_LABELED_SUFFIX = ".already-labeled";

    public static final String IMAGES_ENV = "BREEDLINE_TOPIC_IMAGES";
    public static final String PREDICTIONS_ENV = "BREEDLINE_TOPIC_PREDICTIONS";
    public static final String DEAD_LETTERS_ENV = "BREEDLINE_TOPIC_DEAD_LETTERS";
    public static final String LABELED_ENV = "BREEDLINE_TOPIC_LABELED";

    // Kafka's own rule for legal topic names.
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public Topics {
        check(IMAGES_ENV, images);
        check(PREDICTIONS_ENV, predictions);
        check(DEAD_LETTERS_ENV, deadLetters);
        check(LABELED_ENV, labeled);
        if (new HashSet<>(List.of(images, predictions, deadLetters, labeled)).size() < 4) {
            throw new IllegalArgumentException(
                    "topic names must differ: " + images + ", " + predictions + ", " + deadLetters + ", " + labeled);
        }
    }

    /** Names the labeled topic after the images topic ({@code <images>.labeled}), so each images topic has its own. */
    public Topics(String images, String predictions, String deadLetters) {
        this(images, predictions, deadLetters, images == null ? null : images + ".labeled");
    }

    /**
     * The topic of {@link AlreadyLabeled} notices (references skipped by de-duplication), named after the predictions
     * topic ({@code <predictions>.already-labeled}) so that each pipeline has its own and renaming one renames both.
     */
    public String alreadyLabeled() {
        return predictions + ALREADY_LABELED_SUFFIX;
    }

    public static Topics defaults() {
        return new Topics(IMAGES_DEFAULT, PREDICTIONS_DEFAULT, DEAD_LETTERS_DEFAULT, LABELED_DEFAULT);
    }

    /**
     * The names from the environment. Unset, the labeled topic is {@value #LABELED_DEFAULT} beside the default images
     * topic, and {@code <images>.labeled} beside a renamed one: two pipelines sharing a cluster never share marks.
     */
    public static Topics fromEnv(Map<String, String> env) {
        String images = env.getOrDefault(IMAGES_ENV, IMAGES_DEFAULT);
        return new Topics(
                images,
                env.getOrDefault(PREDICTIONS_ENV, PREDICTIONS_DEFAULT),
                env.getOrDefault(DEAD_LETTERS_ENV, DEAD_LETTERS_DEFAULT),
                env.getOrDefault(LABELED_ENV, IMAGES_DEFAULT.equals(images) ? LABELED_DEFAULT : images + ".labeled"));
    }

    /** The same names with a suffix, so tests can run on fresh topics. */
    public Topics withSuffix(String suffix) {
        return new Topics(images + suffix, predictions + suffix, deadLetters + suffix, labeled + suffix);
    }

    private static void check(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!LEGAL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a legal Kafka topic name (letters, digits, '.', '_', '-')");
        }
    }
}
