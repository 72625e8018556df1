package io.breedline.clients.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated reads of configuration variables ({@code BREEDLINE_*} environment variables, possibly overridden by
 * command-line flags). Every error names the variable and says what was wrong with its value.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** The process's environment; a {@code BREEDLINE_*} name no Breedline program reads is refused (a typo). */
    public static Settings fromEnvironment() {
        KnownVariables.check(System.getenv());
        return new Settings(System.getenv());
    }

    /** These settings with some values replaced (command-line flags win over the environment). */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new Settings(merged);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name, null, "is required"));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        int v;
        try {
            v = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, raw.get(), "is not a whole number");
        }
        if (v < min || v > max) {
            throw new ConfigException(name, raw.get(), "must be between " + min + " and " + max);
        }
        return v;
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long v;
        try {
            v = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, raw.get(), "is not a whole number");
        }
        if (v < min || v > max) {
            throw new ConfigException(name, raw.get(), "must be between " + min + " and " + max);
        }
        return v;
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name, raw.get(), "must be true or false");
        };
    }

    /**
     * Durations as {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601. A bare number is refused: read as
     * milliseconds, {@code BREEDLINE_MAX_BATCH_DELAY=5} meant to be seconds would silently be 5 ms.
     */
    public Duration duration(String name, Duration defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return parseDuration(name, raw.get());
    }

    public Optional<Path> path(String name) {
        return optional(name).map(Path::of);
    }

    /** All variables under a prefix, with the prefix removed: {@code BREEDLINE_KAFKA_} gives {@code SECURITY_PROTOCOL}. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    static Duration parseDuration(String name, String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt")) {
            try {
                return Duration.parse(raw.trim());
            } catch (RuntimeException e) {
                throw new ConfigException(name, raw, "is not a duration");
            }
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new ConfigException(name, raw, "is not a duration (use 250ms, 5s, 2m or 1h)");
        }
        long n = Long.parseLong(m.group(1));
        if (m.group(2) == null) {
            throw new ConfigException(name, raw, "has no unit: write " + n + "ms or " + n + "s (also m, h)");
        }
        String unit = m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
