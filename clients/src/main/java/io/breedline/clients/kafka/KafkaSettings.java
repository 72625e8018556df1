package io.breedline.clients.kafka;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Secrets;
import io.breedline.clients.config.Settings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach Kafka. Every {@code BREEDLINE_KAFKA_*} variable becomes a client property: the rest of the name, lower
 * case, with {@code _} as {@code .}. So {@code BREEDLINE_KAFKA_BOOTSTRAP_SERVERS} is {@code bootstrap.servers} and
 * {@code BREEDLINE_KAFKA_SECURITY_PROTOCOL=SASL_SSL}, {@code BREEDLINE_KAFKA_SASL_MECHANISM},
 * {@code BREEDLINE_KAFKA_SASL_JAAS_CONFIG}, {@code BREEDLINE_KAFKA_SSL_TRUSTSTORE_LOCATION} turn on TLS and SASL.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
    public static final String PREFIX = "BREEDLINE_KAFKA_";
    public static final String BOOTSTRAP_DEFAULT = "localhost:9092";

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new ConfigException(PREFIX + "BOOTSTRAP_SERVERS", bootstrapServers, "must name at least one host:port");
        }
        clientProperties = Map.copyOf(clientProperties);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    public static KafkaSettings from(Settings settings) {
        Map<String, String> props = new HashMap<>();
        settings.withPrefix(PREFIX).forEach((k, v) -> props.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v));
        String bootstrap = props.remove("bootstrap.servers");
        return new KafkaSettings(bootstrap == null ? BOOTSTRAP_DEFAULT : bootstrap, props);
    }

    /** Common client properties; the service adds its own (group id, serializers, transactions) on top. */
    public Map<String, Object> common() {
        Map<String, Object> m = new HashMap<>(clientProperties);
        m.put("bootstrap.servers", bootstrapServers);
        return m;
    }

    @Override
    public String toString() {
        return "KafkaSettings" + Secrets.redacted(common());
    }
}
