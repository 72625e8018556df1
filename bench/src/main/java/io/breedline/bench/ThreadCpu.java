package io.breedline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads (this one's or another's), grouped by thread name, from /proc (Linux). TensorFlow's own threads are native
 * and invisible to the JVM's ThreadMXBean; /proc sees every thread, so the benchmark can say which work took the
 * cores: the model, decoding, the broker, the S3 server or the sink.
 */
final class ThreadCpu {
    // USER_HZ: every Linux ABI the JVM runs on reports times in 1/100 s.
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> ticksByThread;

    private ThreadCpu(Map<String, Long> ticksByThread) {
        this.ticksByThread = ticksByThread;
    }

    /** A snapshot of every live thread's user + system time; empty where /proc cannot be read. */
    static ThreadCpu snapshot() {
        return snapshot(Path.of("/proc/self/task"));
    }

    /** The same for another process. */
    static ThreadCpu snapshot(long pid) {
        return snapshot(Path.of("/proc", Long.toString(pid), "task"));
    }

    private static ThreadCpu snapshot(Path taskDir) {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(taskDir)) {
            tasks.forEach(task -> read(task, ticks));
        } catch (IOException | RuntimeException e) {
            // not Linux: the report says the breakdown is unavailable
        }
        return new ThreadCpu(ticks);
    }

    private static void read(Path task, Map<String, Long> ticks) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            // "tid (comm) state ..." where comm may itself hold spaces and parentheses: cut at the last ')'.
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(open + 1, close);
            String[] rest = stat.substring(close + 2).split(" ");
            long utime = Long.parseLong(rest[11]);
            long stime = Long.parseLong(rest[12]);
            ticks.put(task.getFileName() + "/" + comm, utime + stime);
        } catch (IOException | RuntimeException e) {
            // the thread ended between the listing and the read
        }
    }

    /**
     * CPU seconds spent between {@code before} and this snapshot, per thread group (the name without its trailing
     * number), largest first. Threads that ended in between are missing: their time is lost, not misattributed.
     */
    Map<String, Double> secondsSince(ThreadCpu before) {
        Map<String, Double> groups = new HashMap<>();
        ticksByThread.forEach((thread, ticks) -> {
            long spent = ticks - before.ticksByThread.getOrDefault(thread, 0L);
            if (spent > 0) {
                groups.merge(group(thread.substring(thread.indexOf('/') + 1)), spent / TICKS_PER_SECOND, Double::sum);
            }
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static String group(String comm) {
        String name = comm.replaceAll("([-_#:. ]*\\d+)+$", "");
        return name.isEmpty() ? comm : name;
    }
}
