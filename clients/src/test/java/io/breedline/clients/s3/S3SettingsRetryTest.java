package io.breedline.clients.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.StandardRetryStrategy;

class S3SettingsRetryTest {
    @Test
    void retriesDefaultToFourAttemptsOfThirtySeconds() {
        S3Settings s = S3Settings.from(Settings.of(Map.of()));
        assertThat(s.maxAttempts()).isEqualTo(4);
        assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(S3Settings.forEndpoint(URI.create("http://h:1"), "a", "b").maxAttempts()).isEqualTo(4);
    }

    @Test
    void retriesAreConfigurableAndValidated() {
        S3Settings s = S3Settings.from(Settings.of(Map.of(S3Settings.MAX_ATTEMPTS, "6",
                S3Settings.API_CALL_ATTEMPT_TIMEOUT, "2s")));
        assertThat(s.maxAttempts()).isEqualTo(6);
        assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> S3Settings.from(Settings.of(Map.of(S3Settings.MAX_ATTEMPTS, "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(S3Settings.MAX_ATTEMPTS);
        assertThatThrownBy(() -> S3Settings.from(Settings.of(Map.of(S3Settings.MAX_ATTEMPTS, "21"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(S3Settings.MAX_ATTEMPTS);
    }

    @Test
    void theClientUsesTheStandardStrategyWithTheConfiguredAttempts() {
        S3Settings s = S3Settings.forEndpoint(URI.create("http://h:1"), "a", "b").withRetries(6, Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertThat(S3Clients.retryStrategy(s)).isInstanceOf(StandardRetryStrategy.class)
                .satisfies(r -> assertThat(r.maxAttempts()).isEqualTo(6));
        assertThat(s.toString()).doesNotContain("b)").contains("StaticCredentials[****]");
    }
}
