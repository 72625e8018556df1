package io.breedline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LiveHeapTest {
    @Test
    void readsTheTotalOfAClassHistogram() {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         12000      201326592  [J (java.base@17.0.15)
                   2:          5000         120000  java.lang.String (java.base@17.0.15)
                Total         17000      201446592
                """;
        assertThat(LiveHeap.totalMiB(histogram)).isEqualTo(192);
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(LiveHeap.totalMiB("12345:\ncom.sun.tools.attach.AttachNotSupportedException: no such process\n"))
                .isEqualTo(-1);
    }

    @Test
    void measuresThisJvm() {
        assumeTrue(Files.isExecutable(Path.of(System.getProperty("java.home"), "bin", "jcmd")), "a JDK with jcmd");
        assertThat(LiveHeap.liveMiB(ProcessHandle.current().pid())).isGreaterThanOrEqualTo(0);
    }
}
