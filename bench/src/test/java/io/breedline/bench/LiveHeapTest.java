package io.breedline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LiveHeapTest {
    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         12000      201326592  [J (java.base@17.0.15)
               2:          5000         120000  java.lang.String (java.base@17.0.15)
               3:            10           2048  io.breedline.Gone
            Total         17010      201448640
            """;
    private static final String AFTER = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         12000      201326592  [J (java.base@17.0.15)
               2:         50000        1200000  java.lang.String (java.base@17.0.15)
               3:           100         409600  io.breedline.New
            Total         62100      202936192
            """;

    @Test
    void readsTheTotalAndTheClassesOfAHistogram() {
        LiveHeap heap = LiveHeap.parse(BEFORE).orElseThrow();
        assertThat(heap.totalBytes()).isEqualTo(201448640L);
        assertThat(heap.totalMiB()).isEqualTo(192);
        assertThat(heap.bytesByClass()).containsEntry("[J", 201326592L).containsEntry("io.breedline.Gone", 2048L);
    }

    @Test
    void namesTheClassesThatGrewMostAndOnlyThose() {
        LiveHeap before = LiveHeap.parse(BEFORE).orElseThrow();
        LiveHeap after = LiveHeap.parse(AFTER).orElseThrow();
        assertThat(after.grewMostSince(before, 5))
                .containsExactly("java.lang.String +1054 KiB", "io.breedline.New +400 KiB");
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(LiveHeap.parse("12345:\ncom.sun.tools.attach.AttachNotSupportedException: no such process\n"))
                .isEmpty();
    }

    @Test
    void measuresThisJvm() {
        assumeTrue(Files.isExecutable(Path.of(System.getProperty("java.home"), "bin", "jcmd")), "a JDK with jcmd");
        LiveHeap heap = LiveHeap.of(ProcessHandle.current().pid()).orElseThrow();
        assertThat(heap.totalBytes()).isPositive();
        assertThat(heap.bytesByClass()).containsKey("java.lang.String");
    }
}
