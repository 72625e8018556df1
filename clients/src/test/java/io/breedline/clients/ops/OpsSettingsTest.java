package io.breedline.clients.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OpsSettingsTest {
    @Test
    void portDefaultsPerServiceAndCanBeTurnedOff() {
        assertThat(OpsSettings.from(Settings.of(Map.of()), 9400).port()).isEqualTo(OptionalInt.of(9400));
        assertThat(OpsSettings.from(Settings.of(Map.of(OpsSettings.PORT, "0")), 9400).port()).isEqualTo(OptionalInt.of(0));
        assertThat(OpsSettings.from(Settings.of(Map.of(OpsSettings.PORT, "OFF")), 9400).enabled()).isFalse();
    }

    @Test
    void rejectsWhatIsNotAPort() {
        assertThatThrownBy(() -> OpsSettings.from(Settings.of(Map.of(OpsSettings.PORT, "-1")), 9400))
                .isInstanceOf(ConfigException.class).hasMessageContaining(OpsSettings.PORT);
        assertThatThrownBy(() -> OpsSettings.from(Settings.of(Map.of(OpsSettings.PORT, "http")), 9400))
                .isInstanceOf(ConfigException.class).hasMessageContaining("off");
    }
}
