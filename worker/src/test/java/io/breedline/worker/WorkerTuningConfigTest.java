package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.worker.decode.DecodeMode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BREEDLINE_DECODE_MODE: the throughput choice. */
class WorkerTuningConfigTest {

    @Test
    void theFastDecodeIsTheDefault() {
        WorkerConfig c = WorkerConfig.from(settings(Map.of()));
        assertThat(c.intake().decodeMode()).isEqualTo(DecodeMode.FAST);
    }

    @Test
    void itCanBeTurnedOff() {
        WorkerConfig c = WorkerConfig.from(settings(Map.of(WorkerConfig.DECODE_MODE, "EXACT")));
        assertThat(c.intake().decodeMode()).isEqualTo(DecodeMode.EXACT);
        WorkerConfig back = c.withIntake(c.intake().withDecodeMode(DecodeMode.FAST));
        assertThat(back.intake().decodeMode()).isEqualTo(DecodeMode.FAST);
        assertThat(back.withIntake(back.intake().withDecodeMode(DecodeMode.EXACT))).isEqualTo(c);
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> WorkerConfig.from(settings(Map.of(WorkerConfig.DECODE_MODE, "turbo"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BREEDLINE_DECODE_MODE")
                .hasMessageContaining("fast or exact");
    }

    private static Settings settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("BREEDLINE_MODEL", "/models/dogs");
        all.put("BREEDLINE_WORKER_ID", "w-1");
        return Settings.of(all);
    }
}
