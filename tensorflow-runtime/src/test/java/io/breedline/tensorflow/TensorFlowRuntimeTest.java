package io.breedline.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class TensorFlowRuntimeTest {
    @Test
    void engineLoadsAndComputes() {
        Engine engine = TensorFlowRuntime.ensureLoaded();
        assertThat(engine.getEngineName()).isEqualTo("TensorFlow");
        try (NDManager m = engine.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3});
            assertThat(a.mul(2).toFloatArray()).containsExactly(2, 4, 6);
        }
    }
}
