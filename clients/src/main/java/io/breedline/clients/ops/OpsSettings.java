package io.breedline.clients.ops;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Where a service serves its metrics and health endpoints: {@value #PORT} is a TCP port, {@code 0} for any free port
 * (logged at start-up), or {@code off} to serve nothing. Each service has its own default port, so the three can run
 * side by side on one host.
 *
 * @param port the port to listen on, empty when the endpoints are off
 */
public record OpsSettings(OptionalInt port) {
    public static final String PORT = "BREEDLINE_OPS_PORT";
    public static final String OFF = "off";
    public static final int WORKER_PORT_DEFAULT = 9400;
    public static final int SINK_PORT_DEFAULT = 9401;
    public static final int INGEST_PORT_DEFAULT = 9402;

    public OpsSettings {
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
            throw new ConfigException(PORT, String.valueOf(port.getAsInt()), "must be a port 0..65535 or " + OFF);
        }
    }

    public static OpsSettings from(Settings settings, int defaultPort) {
        String value = settings.string(PORT, String.valueOf(defaultPort)).strip();
        if (value.toLowerCase(Locale.ROOT).equals(OFF)) {
            return off();
        }
        try {
            return on(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new ConfigException(PORT, value, "must be a port 0..65535 or " + OFF);
        }
    }

    public static OpsSettings on(int port) {
        return new OpsSettings(OptionalInt.of(port));
    }

    public static OpsSettings off() {
        return new OpsSettings(OptionalInt.empty());
    }

    public boolean enabled() {
        return port.isPresent();
    }

    @Override
    public String toString() {
        return port.isPresent() ? "port " + port.getAsInt() : OFF;
    }
}
