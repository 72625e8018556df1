package io.breedline.service;

import java.util.Optional;
import java.util.Set;

/**
 * {@value #ENV}: {@code text} (default) or {@code json}. Logback's runtime configuration picks its appender by this
 * value, so any other value would silently leave the process without logs: it is refused before logging starts.
 */
final class LogFormat {
    static final String ENV = "BREEDLINE_LOG_FORMAT";
    private static final Set<String> FORMATS = Set.of("text", "json");

    private LogFormat() {}

    /** What is wrong with {@code value} (null: unset), empty when logback can use it. */
    static Optional<String> problem(String value) {
        if (value == null || FORMATS.contains(value)) {
            return Optional.empty();
        }
        return Optional.of(ENV + "='" + value + "' must be text or json (lower case)");
    }
}
