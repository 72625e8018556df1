package io.breedline.clients.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {
    @Test
    void mapsPrefixedVariablesToClientProperties() {
        KafkaSettings k = KafkaSettings.from(Settings.of(Map.of(
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "BREEDLINE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "BREEDLINE_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";",
                "OTHER", "x")));
        assertThat(k.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(k.common()).containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config").doesNotContainKey("other");
        assertThat(k.toString()).doesNotContain("s3cret").contains("SASL_SSL");
    }

    @Test
    void defaultsToLocalhost() {
        assertThat(KafkaSettings.from(Settings.of(Map.of())).bootstrapServers()).isEqualTo("localhost:9092");
    }
}
