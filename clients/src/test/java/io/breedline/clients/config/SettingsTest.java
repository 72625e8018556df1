package io.breedline.clients.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void readsTypedValuesWithDefaults() {
        Settings s = Settings.of(Map.of("A", "12", "D", "250ms", "E", "5s", "F", "true", "G", "PT2M"));
        assertThat(s.integer("A", 1, 0, 100)).isEqualTo(12);
        assertThat(s.integer("MISSING", 7, 0, 100)).isEqualTo(7);
        assertThat(s.duration("D", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(s.duration("E", Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.duration("G", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.bool("F", false)).isTrue();
    }

    @Test
    void errorsNameTheVariableAndTheProblem() {
        Settings s = Settings.of(Map.of("N", "abc", "R", "500", "D", "soon"));
        assertThatThrownBy(() -> s.integer("N", 1, 0, 10)).hasMessage("N='abc' is not a whole number");
        assertThatThrownBy(() -> s.integer("R", 1, 0, 10)).hasMessage("R='500' must be between 0 and 10");
        assertThatThrownBy(() -> s.duration("D", Duration.ZERO)).hasMessageContaining("D='soon' is not a duration");
        assertThatThrownBy(() -> s.required("X")).hasMessage("X is required");
        assertThatThrownBy(() -> Settings.of(Map.of("BREEDLINE_MAX_BATCH_DELAY", "5")).duration("BREEDLINE_MAX_BATCH_DELAY",
                Duration.ZERO)).hasMessage("BREEDLINE_MAX_BATCH_DELAY='5' has no unit: write 5ms or 5s (also m, h)");
    }

    @Test
    void secretValuesAreMaskedInErrorsAndDumps() {
        Settings s = Settings.of(Map.of("BREEDLINE_DB_PASSWORD_LEN", "hunter2"));
        assertThatThrownBy(() -> s.integer("BREEDLINE_DB_PASSWORD_LEN", 1, 0, 10)).hasMessageNotContaining("hunter2");
        assertThat(Secrets.redacted(Map.of("sasl.jaas.config", "x password=p", "acks", "all")))
                .containsEntry("sasl.jaas.config", "****").containsEntry("acks", "all");
    }

    @Test
    void overridesWin() {
        Settings s = Settings.of(Map.of("A", "1")).with(Map.of("A", "2"));
        assertThat(s.string("A", "0")).isEqualTo("2");
    }
}
