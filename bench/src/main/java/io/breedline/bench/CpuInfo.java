package io.breedline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CPU's name and the vector extensions TensorFlow's oneDNN kernels depend on, from /proc/cpuinfo: without
 * avx512_bf16 or amx_bf16, oneDNN has no bf16 instructions and its BF16 math mode computes in fp32.
 */
final class CpuInfo {
    private static final List<String> FLAGS = List.of("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16");

    private CpuInfo() {}

    static String describe() {
        try {
            String name = "unknown CPU";
            Set<String> flags = Set.of();
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && name.equals("unknown CPU")) {
                    name = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags") && flags.isEmpty()) {
                    flags = new java.util.HashSet<>(List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                }
            }
            List<String> present = new ArrayList<>();
            for (String flag : FLAGS) {
                present.add(flag + (flags.contains(flag) ? "" : " (absent)"));
            }
            return name + "; " + String.join(", ", present);
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/cpuinfo)";
        }
    }

    /** The 1-minute load average: on a shared machine, what else was running (this benchmark itself adds about 2). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
