package io.breedline.clients.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Keeps secrets out of logs: names that look like they hold one have their value masked. */
public final class Secrets {
    private static final String[] MARKERS = {"PASSWORD", "SECRET", "TOKEN", "CREDENTIAL", "JAAS", "KEY", "SESSION"};

    private Secrets() {}

    public static boolean looksSecret(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace('.', '_');
        for (String m : MARKERS) {
            if (n.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /** A copy fit for logging: secret-looking values replaced by {@code ****}. */
    public static Map<String, Object> redacted(Map<String, ?> config) {
        Map<String, Object> out = new TreeMap<>();
        config.forEach((k, v) -> out.put(k, looksSecret(k) ? "****" : v));
        return out;
    }
}
