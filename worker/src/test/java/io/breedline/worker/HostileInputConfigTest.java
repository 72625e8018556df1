package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Settings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variables that bound what hostile input can make the worker do: http(s) sources and S3 retries. */
class HostileInputConfigTest {

    @Test
    void defaultsFetchNoHttpAndRetryS3FourTimes() {
        WorkerConfig c = WorkerConfig.from(Settings.of(Map.of("BREEDLINE_MODEL", "/m")));
        assertThat(c.intake().httpAllow().isEmpty()).isTrue();
        assertThat(c.intake().httpTimeout()).isEqualTo(WorkerConfig.HTTP_TIMEOUT_DEFAULT);
        assertThat(c.s3().maxAttempts()).isEqualTo(S3Settings.MAX_ATTEMPTS_DEFAULT).isEqualTo(4);
        assertThat(c.s3().apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.s3().apiCallTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsTheAllowListAndRetrySettings() {
        WorkerConfig c = WorkerConfig.from(Settings.of(env(Map.of(
                "BREEDLINE_HTTP_ALLOW", "https://images.example.com/dogs/, http://cdn.example.org:8080/",
                "BREEDLINE_HTTP_TIMEOUT", "5s",
                "BREEDLINE_S3_MAX_ATTEMPTS", "7",
                "BREEDLINE_S3_API_CALL_ATTEMPT_TIMEOUT", "3s"))));
        assertThat(c.intake().httpAllow().prefixes()).containsExactly(URI.create("https://images.example.com/dogs/"),
                URI.create("http://cdn.example.org:8080/"));
        assertThat(c.intake().httpAllow().allows(URI.create("https://images.example.com/dogs/rex.jpg"))).isTrue();
        assertThat(c.intake().httpAllow().allows(URI.create("https://images.example.com/cats/tom.jpg"))).isFalse();
        assertThat(c.intake().httpTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.s3().maxAttempts()).isEqualTo(7);
        assertThat(c.s3().apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void badValuesStopStartUpNamingTheVariable() {
        assertThatThrownBy(() -> WorkerConfig.from(Settings.of(env(Map.of("BREEDLINE_HTTP_ALLOW", "file:///etc/")))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BREEDLINE_HTTP_ALLOW")
                .hasMessageContaining("not an absolute http:// or https:// URL");
        assertThatThrownBy(() -> WorkerConfig.from(Settings.of(env(Map.of("BREEDLINE_HTTP_ALLOW", "https://u:p@h/")))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BREEDLINE_HTTP_ALLOW");
        assertThatThrownBy(() -> WorkerConfig.from(Settings.of(env(Map.of("BREEDLINE_S3_MAX_ATTEMPTS", "0")))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BREEDLINE_S3_MAX_ATTEMPTS");
        assertThatThrownBy(() -> WorkerConfig.from(Settings.of(env(Map.of("BREEDLINE_S3_API_CALL_ATTEMPT_TIMEOUT", "0s")))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BREEDLINE_S3_API_CALL_ATTEMPT_TIMEOUT");
        assertThatThrownBy(() -> WorkerConfig.from(Settings.of(env(Map.of("BREEDLINE_HTTP_TIMEOUT", "0s")))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BREEDLINE_HTTP_TIMEOUT");
    }

    @Test
    void theConfigurationPrintsNoSecret() {
        WorkerConfig c = WorkerConfig.from(Settings.of(env(Map.of(
                "BREEDLINE_KAFKA_SASL_JAAS_CONFIG", "x required password=\"KAFKA-CANARY-91b2\";")))).withS3(
                S3Settings.forEndpoint(URI.create("http://127.0.0.1:9"), "AKIACANARY", "SECRET-CANARY-7f3a"));
        assertThat(c.toString()).doesNotContain("KAFKA-CANARY-91b2", "SECRET-CANARY-7f3a").contains("****");
    }

    private static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("BREEDLINE_MODEL", "/m");
        return env;
    }
}
