package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.worker.decode.DecodeMode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BREEDLINE_MODEL_FREEZE and BREEDLINE_DECODE_MODE: the throughput choices. */
class WorkerTuningConfigTest {

    @Test
    void freezingAndTheFastDecodeAreTheDefaults() {
        WorkerConfig c = WorkerConfig.from(settings(Map.of()));
        assertThat(c.model().freeze()).isTrue();
        assertThat(c.intake().decodeMode()).isEqualTo(DecodeMode.FAST);
    }

    @Test
    void bothCanBeTurnedOff() {
        WorkerConfig c = WorkerConfig.from(settings(Map.of(
                WorkerConfig.MODEL_FREEZE, "false", WorkerConfig.DECODE_MODE, "EXACT")));
        assertThat(c.model().freeze()).isFalse();
        assertThat(c.intake().decodeMode()).isEqualTo(DecodeMode.EXACT);
        WorkerConfig back = c.withModel(c.model().withFreeze(true)).withIntake(c.intake().withDecodeMode(DecodeMode.FAST));
        assertThat(back.model().freeze()).isTrue();
        assertThat(back.intake().decodeMode()).isEqualTo(DecodeMode.FAST);
        assertThat(back.withModel(back.model().withFreeze(false)).withIntake(back.intake().withDecodeMode(DecodeMode.EXACT)))
                .isEqualTo(c);
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> WorkerConfig.from(settings(Map.of(WorkerConfig.DECODE_MODE, "turbo"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BREEDLINE_DECODE_MODE")
                .hasMessageContaining("fast or exact");
        assertThatThrownBy(() -> WorkerConfig.from(settings(Map.of(WorkerConfig.MODEL_FREEZE, "maybe"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BREEDLINE_MODEL_FREEZE");
    }

    private static Settings settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("BREEDLINE_MODEL", "/models/dogs");
        all.put("BREEDLINE_WORKER_ID", "w-1");
        return Settings.of(all);
    }
}
