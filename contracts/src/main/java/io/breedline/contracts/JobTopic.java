package io.breedline.contracts;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The jobs topic: one {@link JobRecord} per ingest run, keyed by job id, compacted. Apart from {@link Topics} so the
 * services that never touch jobs keep their constructors.
 */
public final class JobTopic {
    public static final String ENV = "BREEDLINE_TOPIC_JOBS";
    public static final String DEFAULT = "breedline.jobs";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private JobTopic() {}

    public static String fromEnv(Map<String, String> env) {
        return check(env.getOrDefault(ENV, DEFAULT));
    }

    /** The name itself when it is a legal Kafka topic name; else a message naming the variable. */
    public static String check(String name) {
        if (name == null || !LEGAL.matcher(name).matches()) {
            throw new IllegalArgumentException(ENV + "='" + name + "' is not a legal Kafka topic name (letters, digits, '.', '_', '-')");
        }
        return name;
    }
}
