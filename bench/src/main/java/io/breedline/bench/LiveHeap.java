package io.breedline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The live objects on a JVM's heap, from {@code jcmd PID GC.class_histogram}, which runs a full GC first. Committed
 * heap only says how far G1 has sized the heap; what is still reachable after a full GC is what a leak on the heap
 * would grow, and the classes that grew between two histograms say what it is.
 *
 * @param bytesByClass live bytes of each class (the histogram's class name column)
 * @param totalBytes the histogram's total
 */
record LiveHeap(Map<String, Long> bytesByClass, long totalBytes) {

    /** The heap of a running JVM, or empty when jcmd is not in this JDK or the process does not answer. */
    static Optional<LiveHeap> of(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return parse(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Rows {@code N: instances bytes class-name [(module)]}, closed by {@code Total instances bytes}. */
    static Optional<LiveHeap> parse(String histogram) {
        Map<String, Long> bytes = new HashMap<>();
        Long total = null;
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":") && f[1].chars().allMatch(Character::isDigit)) {
                bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
            } else if (f.length == 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            }
        }
        return total == null ? Optional.empty() : Optional.of(new LiveHeap(Map.copyOf(bytes), total));
    }

    long totalMiB() {
        return Math.round(totalBytes / (1024.0 * 1024));
    }

    /** The {@code n} classes whose live bytes grew most since {@code before}, as "class +N KiB". */
    List<String> grewMostSince(LiveHeap before, int n) {
        return bytesByClass.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesByClass.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %+d KiB", e.getKey(), e.getValue() / 1024))
                .collect(Collectors.toList());
    }
}
