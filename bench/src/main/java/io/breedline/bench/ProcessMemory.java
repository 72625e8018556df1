package io.breedline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, from /proc/PID/status (Linux); -1 where it cannot be read. */
final class ProcessMemory {
    private ProcessMemory() {}

    static long rssMiB(long pid) {
        return field(dir(pid), "VmRSS:");
    }

    /** The highest RSS the process had (VmHWM), since it started or since {@link #resetPeak(long)}. */
    static long peakMiB(long pid) {
        return field(dir(pid), "VmHWM:");
    }

    /** Resets the peak to the current RSS ("5" into clear_refs, Linux 4.0+), so each phase gets its own peak. */
    static boolean resetPeak(long pid) {
        return resetPeak(dir(pid));
    }

    static Path dir(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }

    static boolean resetPeak(Path procDir) {
        try {
            Files.writeString(procDir.resolve("clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static long field(Path procDir, String name) {
        try {
            for (String line : Files.readAllLines(procDir.resolve("status"))) {
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
