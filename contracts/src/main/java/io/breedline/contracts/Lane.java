package io.breedline.contracts;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which topic an image reference goes to. Uploads (the trigger's events, a single photo from the web page) take the
 * priority lane, which workers serve first; folder and prefix ingests take the bulk lane, so that a backfill never holds
 * an upload back. See docs/design/priority-lane.md.
 */
public enum Lane {
    PRIORITY,
    BULK;

    /** The topic this lane's references are written to. */
    public String topic(Topics topics) {
        return this == PRIORITY ? topics.priority() : topics.images();
    }

    /** The lane whose topic this is, or null when it is neither lane's. */
    public static Lane ofTopic(Topics topics, String topic) {
        if (topics.priority().equals(topic)) {
            return PRIORITY;
        }
        return topics.images().equals(topic) ? BULK : null;
    }

    /** The lane named {@code priority} or {@code bulk} (any case). */
    public static Lane parse(String name) {
        for (Lane lane : values()) {
            if (lane.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return lane;
            }
        }
        throw new IllegalArgumentException("unknown lane '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Lane::toString).collect(Collectors.joining(", ")));
    }

    /** Lower case, as on the command line and in metrics. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
