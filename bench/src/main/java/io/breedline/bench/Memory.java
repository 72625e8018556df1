package io.breedline.bench;

import java.nio.file.Path;

/** This process's resident memory, from /proc (Linux); -1 where it cannot be read. */
final class Memory {
    private static final Path SELF = Path.of("/proc/self");

    private Memory() {}

    /** Peak resident set size (VmHWM) in MiB since start or since the last {@link #resetPeak()}. */
    static long peakMiB() {
        return ProcessMemory.field(SELF, "VmHWM:");
    }

    static long currentMiB() {
        return ProcessMemory.field(SELF, "VmRSS:");
    }

    /** Resets the peak to the current RSS, so each phase gets its own peak. */
    static boolean resetPeak() {
        return ProcessMemory.resetPeak(SELF);
    }
}
