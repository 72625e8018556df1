package io.breedline.clients.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaReachabilityTest {
    @Test
    void nothingListeningEndsInOneLineNamingTheServersAndTheVariables() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        KafkaSettings kafka = KafkaSettings.of("127.0.0.1:" + port);
        assertThatThrownBy(() -> KafkaReachability.await(kafka, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Kafka at 127.0.0.1:" + port + " (BREEDLINE_KAFKA_BOOTSTRAP_SERVERS) could not "
                        + "be reached within 1 s")
                .hasMessageContaining("BREEDLINE_STARTUP_TIMEOUT")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnknownHostIsNamed() {
        KafkaSettings kafka = KafkaSettings.of("no-such-host.invalid:9092");
        assertThatThrownBy(() -> KafkaReachability.await(kafka, Duration.ofSeconds(1)))
                .hasMessageContaining("unknown host no-such-host.invalid");
    }

    @Test
    void theTimeoutIsConfigurableAndNeedsAUnit() {
        assertThat(KafkaReachability.timeout(Settings.of(Map.of()))).isEqualTo(Duration.ofSeconds(30));
        assertThat(KafkaReachability.timeout(Settings.of(Map.of("BREEDLINE_STARTUP_TIMEOUT", "5s"))))
                .isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> KafkaReachability.timeout(Settings.of(Map.of("BREEDLINE_STARTUP_TIMEOUT", "5"))))
                .hasMessageContaining("has no unit");
    }

    @Test
    void bootstrapListsAreParsed() {
        assertThat(KafkaReachability.addresses("a:1, [::1]:2,SASL_SSL://b:3")).extracting(a -> a.getHostString() + "/" + a.getPort())
                .containsExactly("a/1", "::1/2", "b/3");
        assertThatThrownBy(() -> KafkaReachability.addresses("nohost")).hasMessageContaining("host:port");
    }
}
