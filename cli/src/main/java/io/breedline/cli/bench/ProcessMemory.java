package io.breedline.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Another process's resident memory, from /proc/PID/status (Linux); -1 where it cannot be read. */
final class ProcessMemory {
    private ProcessMemory() {}

    static long rssMiB(long pid) {
        return field(pid, "VmRSS:");
    }

    /** The highest RSS the process ever had (VmHWM). */
    static long peakMiB(long pid) {
        return field(pid, "VmHWM:");
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }
}
