package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class TensorFlowBuildTest {
    @Test
    void theCudaBuildSaysSo() {
        Properties p = new Properties();
        p.setProperty("version", "2.16.1-20240627");
        p.setProperty("classifier", "cu121-linux-x86_64");
        TensorFlowBuild build = TensorFlowBuild.of("2.16.1", p, "/cache/tensorflow-2.16.1-native");
        assertThat(build.cuda()).isTrue();
        assertThat(build).hasToString("TensorFlow 2.16.1 (tensorflow-native-cu121 2.16.1-20240627, a CUDA 12.1 build, "
                + "libraries in /cache/tensorflow-2.16.1-native)");
    }

    @Test
    void aCpuBuildAndAnUnknownOne() {
        Properties p = new Properties();
        p.setProperty("version", "2.16.1-20240627");
        p.setProperty("classifier", "cpu-linux-x86_64");
        assertThat(TensorFlowBuild.of("2.16.1", p, null).cuda()).isFalse();
        assertThat(TensorFlowBuild.of("2.16.1", p, null))
                .hasToString("TensorFlow 2.16.1 (tensorflow-native-cpu 2.16.1-20240627, a CPU-only build)");
        assertThat(TensorFlowBuild.of("2.16.1", new Properties(), null))
                .hasToString("TensorFlow 2.16.1 (tensorflow-native-unknown unknown, build unknown)");
    }

    @Test
    void theNativeJarOnTheClasspathIsFound() {
        TensorFlowBuild build = TensorFlowBuild.detect("2.16.1");
        assertThat(build.flavour()).isEqualTo("cu121");
        assertThat(build.nativeVersion()).startsWith("2.16.1");
    }
}
