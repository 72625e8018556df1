package io.breedline.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run an {@link EmbeddedKafka} broker.
 *
 * @param dataDir where the KRaft metadata log and the topic data live; reused (not reformatted) when it holds data
 * @param port client (PLAINTEXT) port on 127.0.0.1, 0 for any free port
 * @param defaultPartitions partitions of auto-created topics ({@code num.partitions})
 * @param overrides broker properties applied last, for tests that need an unusual broker
 */
public record EmbeddedKafkaConfig(Path dataDir, int port, int defaultPartitions, Map<String, String> overrides) {

    public static final int PORT_ANY = 0;
    public static final int DEFAULT_PARTITIONS_DEFAULT = 4;

    public EmbeddedKafkaConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Kafka port " + port + " is not 0 (any) or a TCP port");
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("default partitions " + defaultPartitions + " must be at least 1");
        }
        overrides = Map.copyOf(overrides);
    }

    public static EmbeddedKafkaConfig of(Path dataDir) {
        return new EmbeddedKafkaConfig(dataDir, PORT_ANY, DEFAULT_PARTITIONS_DEFAULT, Map.of());
    }

    public EmbeddedKafkaConfig withPort(int newPort) {
        return new EmbeddedKafkaConfig(dataDir, newPort, defaultPartitions, overrides);
    }

    public EmbeddedKafkaConfig withDefaultPartitions(int partitions) {
        return new EmbeddedKafkaConfig(dataDir, port, partitions, overrides);
    }

    public EmbeddedKafkaConfig withOverride(String key, String value) {
        Map<String, String> m = new HashMap<>(overrides);
        m.put(key, value);
        return new EmbeddedKafkaConfig(dataDir, port, defaultPartitions, m);
    }
}
