package io.breedline.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The live objects on a JVM's heap, from {@code jcmd PID GC.class_histogram}, which runs a full GC first. Committed
 * heap only says how far G1 has sized the heap; what is still reachable after a full GC is what a leak on the heap
 * would grow.
 */
final class LiveHeap {
    private LiveHeap() {}

    /** MiB of live objects, or -1 when jcmd is not in this JDK or the process does not answer. */
    static long liveMiB(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return -1;
            }
            return totalMiB(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The histogram's last line: {@code Total <instances> <bytes>}. */
    static long totalMiB(String histogram) {
        String[] lines = histogram.strip().split("\n");
        String[] last = lines[lines.length - 1].trim().split("\\s+");
        if (last.length != 3 || !last[0].equals("Total")) {
            return -1;
        }
        return Math.round(Long.parseLong(last[2]) / (1024.0 * 1024));
    }
}
