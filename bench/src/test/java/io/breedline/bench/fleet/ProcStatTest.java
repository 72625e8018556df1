package io.breedline.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void cpuOfAStatLineIsUserPlusSystemTime() {
        // A command name with a space and a parenthesis, as /proc shows one.
        String line = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 50 0 0 20 0 30 0 100 0 0";
        assertThat(ProcStat.cpuMillisOfStatLine(line)).isEqualTo(3000);
    }

    @Test
    void machineTicksAreBusyAndTotal() {
        long[] t = ProcStat.machineTicksOf("cpu  100 5 50 800 40 3 2 0 0 0");
        assertThat(t).containsExactly(160, 1000);
    }

    @Test
    void coresIsCpuOverWallTime() {
        assertThat(ProcStat.cores(3000, Duration.ofSeconds(2))).isEqualTo(1.5);
    }

    @Test
    void ownProcessHasCpuTime() {
        assertThat(ProcStat.cpuMillis(ProcessHandle.current().pid())).isPresent();
    }
}
