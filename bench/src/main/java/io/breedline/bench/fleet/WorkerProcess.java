package io.breedline.bench.fleet;

import io.breedline.bench.ChildJvm;
import io.breedline.sink.SinkApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in worker as its own operating-system process (its own JVM, heap and Kafka clients, as on a fleet), on this
 * JVM's classpath, logging to a file. Stopped the way Kubernetes stops a pod: SIGTERM, then SIGKILL.
 */
final class WorkerProcess implements AutoCloseable {
    // Small heaps: eight of them next to the broker must fit a shared machine; the stand-in holds only a batch or two.
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-Xss512k");

    private final String workerId;
    private final Process process;
    private final Path log;
    private volatile long exitedAtMs = -1;

    private WorkerProcess(String workerId, Process process, Path log) {
        this.workerId = workerId;
        this.process = process;
        this.log = log;
        // Stamped when the process ends, not when someone next looks.
        process.onExit().thenRun(() -> exitedAtMs = System.currentTimeMillis());
    }

    static WorkerProcess start(String workerId, Duration batchTime, Map<String, String> env, Path logDir) throws IOException {
        return start(workerId, StandInWorker.class.getName(), List.of(batchTime.toString()), env, logDir);
    }

    /** A results sink ({@link SinkApp}) in the same kind of process, named by its sink id (the failover bench's sink case). */
    static WorkerProcess startSink(String sinkId, Map<String, String> env, Path logDir) throws IOException {
        return start(sinkId, SinkApp.class.getName(), List.of(), env, logDir);
    }

    private static WorkerProcess start(String workerId, String mainClass, List<String> args, Map<String, String> env,
            Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(workerId + ".log");
        ProcessBuilder pb = ChildJvm.builder(JVM_OPTIONS, mainClass, args, 0)
                .redirectErrorStream(true)
                // Appended: a replacement under the same worker id must not wipe its predecessor's log.
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Only the benchmark's settings: a BREEDLINE_* variable of the caller's shell must not change the workers.
        pb.environment().keySet().removeIf(k -> k.startsWith("BREEDLINE_"));
        pb.environment().putAll(env);
        return new WorkerProcess(workerId, pb.start(), log);
    }

    String workerId() {
        return workerId;
    }

    /** When the process exited (epoch ms), or -1 while it runs. */
    long exitedAtMs() {
        return exitedAtMs;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Lines of the worker's log containing {@code text}, 0 if it cannot be read. */
    long logLinesWith(String text) {
        try (java.util.stream.Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    OptionalLong cpuMillis() {
        return ProcStat.cpuMillis(process.pid());
    }

    /** SIGKILL, as the kernel's OOM killer or a node failure ends a process: no shutdown hook runs. */
    void sigkill() {
        ChildJvm.kill(process);
    }

    void sigterm() {
        process.destroy();
    }

    /** Waits for the process to exit; true if it did within the timeout. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ChildJvm.kill(process);
    }
}
