package io.breedline.bench;

import io.breedline.clients.s3.S3Settings;
import io.breedline.embedded.EmbeddedS3;
import io.breedline.service.Main;
import io.breedline.worker.WorkerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A worker as deployed: its own process running {@code breedline worker}, configured by environment variables (this
 * process's, then the benchmark's), with the heap the Kubernetes manifest gives it, logging to a file.
 */
final class WorkerChild implements AutoCloseable {
    // As in deploy/k8s/worker.yaml (WorkerChildTest checks): TensorFlow's memory lives outside the heap, 4 MiB G1
    // regions keep decoded images out of humongous allocations, and a fixed young generation keeps the heap small.
    static final List<String> JVM_OPTIONS = List.of("-Xmx1536m", "-Xmn192m", "-XX:G1HeapRegionSize=4m");

    private final Process process;
    private final Path log;
    private final String workerId;

    private WorkerChild(Process process, Path log, String workerId) {
        this.process = process;
        this.log = log;
        this.workerId = workerId;
    }

    /** Starts a worker reading from {@code bootstrap} and fetching from the S3 server at {@code s3}. */
    static WorkerChild start(String workerId, String bootstrap, URI s3, Map<String, String> env, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = ChildJvm.builder(JVM_OPTIONS, Main.class.getName(), List.of("worker"), 0)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        e.put(WorkerConfig.WORKER_ID, workerId);
        e.put(S3Settings.ENDPOINT, s3.toString());
        e.put(S3Settings.REGION, S3Settings.REGION_DEFAULT);
        e.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        e.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        // A free port for its metrics and health: nothing here scrapes them, and a fixed one may be taken.
        e.putIfAbsent("BREEDLINE_OPS_PORT", "0");
        e.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "1");
        e.putAll(env);
        return new WorkerChild(pb.start(), log, workerId);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    /** Fails with the end of the worker's log when the worker has exited. */
    void failIfExited() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the worker exited with status " + process.exitValue()
                    + "; the end of its log (" + log + "):\n" + tail(30));
        }
    }

    /**
     * SIGTERM, as Kubernetes stops a pod, and the worker's own summary line ("Worker ID stopped: predictions=..."),
     * if it wrote one.
     */
    Optional<String> stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            ChildJvm.kill(process);
        }
        String marker = "Worker " + workerId + " stopped: ";
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(marker)).reduce((a, b) -> b)
                    .map(l -> l.substring(l.indexOf(marker) + marker.length()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    String tail(int lines) {
        return ChildJvm.tail(log, lines);
    }

    @Override
    public void close() {
        ChildJvm.kill(process);
    }
}
