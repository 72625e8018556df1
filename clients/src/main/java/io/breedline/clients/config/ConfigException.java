package io.breedline.clients.config;

/** A configuration value that cannot be used. Thrown at start-up, before any work is taken. */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String name, String value, String problem) {
        super(value == null ? name + " " + problem : name + "='" + (Secrets.looksSecret(name) ? "****" : value) + "' " + problem);
    }

    public ConfigException(String message) {
        super(message);
    }
}
