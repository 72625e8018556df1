package io.breedline.worker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HeapRegionCheckTest {
    private static final long MODEL_INPUT = 256 * 256 * 3 * 4;

    @Test
    void oneMebibyteRegionsMakeAModelInputHumongous() {
        assertThat(HeapRegionCheck.warning(OptionalLong.of(1 << 20), MODEL_INPUT))
                .hasValueSatisfying(w -> assertThat(w).contains("1024 KiB").contains("768 KiB")
                        .contains("-XX:G1HeapRegionSize=4m"));
    }

    @Test
    void fourMebibyteRegionsDoNot() {
        assertThat(HeapRegionCheck.warning(OptionalLong.of(4 << 20), MODEL_INPUT)).isEmpty();
    }

    @Test
    void anArrayLargerThanHalfARegionWithItsHeaderIsHumongous() {
        assertThat(HeapRegionCheck.warning(OptionalLong.of(4 << 20), (2 << 20) - 15)).isPresent();
        assertThat(HeapRegionCheck.warning(OptionalLong.of(4 << 20), (2 << 20) - 16)).isEmpty();
    }

    @Test
    void anotherCollectorHasNothingToSay() {
        assertThat(HeapRegionCheck.warning(OptionalLong.empty(), MODEL_INPUT)).isEmpty();
    }
}
