package io.breedline.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** CPU time from Linux's /proc, to show how much of the machine the benchmark itself used. */
public final class ProcStat {
    // USER_HZ: the unit of /proc's CPU counters on every Linux architecture Java runs on.
    public static final long TICKS_PER_SECOND = 100;

    private ProcStat() {}

    /** User plus system CPU time of process {@code pid}, if it is still there. */
    public static OptionalLong cpuMillis(long pid) {
        try {
            return OptionalLong.of(cpuMillisOfStatLine(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** utime + stime of a {@code /proc/PID/stat} line; the command name in parentheses may hold spaces. */
    static long cpuMillisOfStatLine(String line) {
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
        // After "pid (comm) ": state is field 3 of proc(5), utime 14 and stime 15.
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /** Busy and total jiffies of the whole machine (first line of /proc/stat), for every process on it. */
    public static long[] machineTicks() {
        try {
            return machineTicksOf(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static long[] machineTicksOf(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i < f.length; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) { // idle, iowait
                idle += v;
            }
        }
        return new long[] {total - idle, total};
    }

    /** Cores busy on average: CPU time over wall time. */
    static double cores(long cpuMillis, Duration wall) {
        return wall.isZero() ? 0 : cpuMillis / (double) wall.toMillis();
    }
}
