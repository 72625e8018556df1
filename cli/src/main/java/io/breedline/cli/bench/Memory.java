package io.breedline.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory, from /proc (Linux); -1 where it cannot be read. */
final class Memory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private Memory() {}

    /** Peak resident set size (VmHWM) in MiB since start or since the last {@link #resetPeak()}. */
    static long peakMiB() {
        return field("VmHWM:");
    }

    static long currentMiB() {
        return field("VmRSS:");
    }

    /** Resets the peak to the current RSS ("5" into clear_refs, Linux 4.0+), so each phase gets its own peak. */
    static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
