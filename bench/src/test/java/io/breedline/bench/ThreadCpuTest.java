package io.breedline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void groupsThreadsByNameWithoutTheirNumber() {
        assertThat(ThreadCpu.group("breedline-decode-3")).isEqualTo("breedline-decode");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        assertThat(ThreadCpu.group("qtp123456-45")).isEqualTo("qtp");
        assertThat(ThreadCpu.group("42")).isEqualTo("42");
    }

    @Test
    void attributesCpuToTheBurningThreadsGroup() throws Exception {
        ThreadCpu before = ThreadCpu.snapshot();
        java.util.concurrent.CountDownLatch measured = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Map<String, Double>> spent = new java.util.concurrent.atomic.AtomicReference<>();
        Thread burner = new Thread(() -> {
            // Burns 0.3 s of its own CPU time, however busy the machine is (wall time would not be enough under load).
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long end = threads.getCurrentThreadCpuTime() + 300_000_000L;
            double x = 0;
            while (threads.getCurrentThreadCpuTime() < end) {
                x += Math.sqrt(x + 1);
            }
            spent.set(ThreadCpu.snapshot().secondsSince(before));
            measured.countDown();
        }, "bench-burner-7");
        burner.start();
        measured.await();
        assertThat(spent.get()).containsKey("bench-burner");
        assertThat(spent.get().get("bench-burner")).isGreaterThan(0.1);
    }
}
