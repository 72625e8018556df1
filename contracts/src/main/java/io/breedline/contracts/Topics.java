package io.breedline.contracts;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Topic names. Every service reads them from the same environment variables, so a deployment renames them in one place.
 *
 * @param images the bulk lane's topic of {@link ImageRef}s (folder and prefix ingests)
 * @param labeled the compacted topic of {@link LabelMark}s the workers de-duplicate with, shared by both lanes; it has as
 *     many partitions as {@code images}, partition p holding the marks of the images read from images partition p or
 *     priority partition p
 * @param priority the priority lane's topic of {@link ImageRef}s (triggered uploads, single photos), which workers serve
 *     before {@code images}; it has as many partitions as {@code images}, so that an image's references of both lanes
 *     land on partitions of the same number (see docs/design/priority-lane.md)
 * @see #alreadyLabeled()
 * @see Lane
 */
public record Topics(String images, String predictions, String deadLetters, String labeled, String priority) {
    public static final String IMAGES_DEFAULT = "breedline.images";
    public static final String PREDICTIONS_DEFAULT = "breedline.predictions";
    public static final String DEAD_LETTERS_DEFAULT = "breedline.dead-letters";
    public static final String LABELED_DEFAULT = "breedline.labeled";
    public static final String PRIORITY_SUFFIX = ".priority";
    public static final String PRIORITY_DEFAULT = IMAGES_DEFAULT + PRIORITY_SUFFIX;
    public static final String ALREADY_LABELED_SUFFIX = ".already-labeled";

    public static final String IMAGES_ENV = "BREEDLINE_TOPIC_IMAGES";
    public static final String PREDICTIONS_ENV = "BREEDLINE_TOPIC_PREDICTIONS";
    public static final String DEAD_LETTERS_ENV = "BREEDLINE_TOPIC_DEAD_LETTERS";
    public static final String LABELED_ENV = "BREEDLINE_TOPIC_LABELED";
    public static final String PRIORITY_ENV = "BREEDLINE_TOPIC_PRIORITY";

    // Kafka's own rule for legal topic names.
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public Topics {
        check(IMAGES_ENV, images);
        check(PREDICTIONS_ENV, predictions);
        check(DEAD_LETTERS_ENV, deadLetters);
        check(LABELED_ENV, labeled);
        check(PRIORITY_ENV, priority);
        if (new HashSet<>(List.of(images, predictions, deadLetters, labeled, priority)).size() < 5) {
            throw new IllegalArgumentException("topic names must differ: " + images + ", " + predictions + ", "
                    + deadLetters + ", " + labeled + ", " + priority);
        }
    }

    /** Names the priority topic after the images topic ({@code <images>.priority}). */
    public Topics(String images, String predictions, String deadLetters, String labeled) {
        this(images, predictions, deadLetters, labeled, images == null ? null : images + PRIORITY_SUFFIX);
    }

    /**
     * Names the labeled and priority topics after the images topic ({@code <images>.labeled}, {@code
     * <images>.priority}), so each images topic has its own.
     */
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

    /** The two topics of image references, priority lane first: what a worker subscribes to. */
    public List<String> lanes() {
        return List.of(priority, images);
    }

    public static Topics defaults() {
        return new Topics(IMAGES_DEFAULT, PREDICTIONS_DEFAULT, DEAD_LETTERS_DEFAULT, LABELED_DEFAULT, PRIORITY_DEFAULT);
    }

    /**
     * The names from the environment. Unset, the labeled topic is {@value #LABELED_DEFAULT} beside the default images
     * topic, and {@code <images>.labeled} beside a renamed one: two pipelines sharing a cluster never share marks. The
     * priority topic, unset, is {@code <images>.priority} ({@value #PRIORITY_DEFAULT} beside the default images topic).
     */
    public static Topics fromEnv(Map<String, String> env) {
        String images = env.getOrDefault(IMAGES_ENV, IMAGES_DEFAULT);
        return new Topics(
                images,
                env.getOrDefault(PREDICTIONS_ENV, PREDICTIONS_DEFAULT),
                env.getOrDefault(DEAD_LETTERS_ENV, DEAD_LETTERS_DEFAULT),
                env.getOrDefault(LABELED_ENV, IMAGES_DEFAULT.equals(images) ? LABELED_DEFAULT : images + ".labeled"),
                env.getOrDefault(PRIORITY_ENV, images + PRIORITY_SUFFIX));
    }

    /** The same names with a suffix, so tests can run on fresh topics. */
    public Topics withSuffix(String suffix) {
        return new Topics(images + suffix, predictions + suffix, deadLetters + suffix, labeled + suffix, priority + suffix);
    }

    private static void check(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!LEGAL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a legal Kafka topic name (letters, digits, '.', '_', '-')");
        }
    }
}
