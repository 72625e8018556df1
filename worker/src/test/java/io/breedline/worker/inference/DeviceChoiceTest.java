package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {
    @Test
    void autoUsesAGpuOnlyWhenThereIsOne() {
        assertThat(DeviceChoice.parse("auto").resolve(0)).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.parse("AUTO").resolve(2)).isEqualTo(Device.gpu(0));
    }

    @Test
    void explicitChoices() {
        assertThat(DeviceChoice.parse("cpu").resolve(4)).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.parse("gpu").resolve(1)).isEqualTo(Device.gpu(0));
        assertThat(DeviceChoice.parse("gpu:3").resolve(4)).isEqualTo(Device.gpu(3));
    }

    @Test
    void askingForAMissingGpuIsAnErrorNotACpuFallback() {
        assertThatThrownBy(() -> DeviceChoice.parse("gpu").resolve(0))
                .hasMessageContaining("BREEDLINE_DEVICE=gpu:0 but TensorFlow finds no GPU");
        assertThatThrownBy(() -> DeviceChoice.parse("gpu:2").resolve(2))
                .hasMessageContaining("finds only 2 GPU(s), numbered 0..1");
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> DeviceChoice.parse("tpu")).hasMessage("'tpu' is not a device: use auto, cpu, gpu or gpu:N");
    }

    @Test
    void gpuNumbersPastTheCountAreRefusedEvenWithoutAnyGpu() {
        assertThatThrownBy(() -> DeviceChoice.parse("gpu:1").resolve(0))
                .hasMessageStartingWith("BREEDLINE_DEVICE=gpu:1 but TensorFlow finds no GPU");
        assertThatThrownBy(() -> DeviceChoice.parse("gpu:1").resolve(1))
                .hasMessage("BREEDLINE_DEVICE=gpu:1 but TensorFlow finds only 1 GPU(s), numbered 0..0");
    }

    @Test
    void thePlacementSaysWhereAndWhy() {
        assertThat(DeviceChoice.auto().placement(Device.cpu(), 0)).startsWith("cpu()").endsWith("(no CUDA GPU found)");
        assertThat(DeviceChoice.parse("cpu").placement(Device.cpu(), 2))
                .endsWith("(BREEDLINE_DEVICE=cpu; 2 GPU(s) left unused)");
        assertThat(DeviceChoice.parse("gpu:1").placement(Device.gpu(1), 2))
                .isEqualTo("gpu(1) (BREEDLINE_DEVICE=gpu:1; 2 GPU(s) found)");
    }
}
