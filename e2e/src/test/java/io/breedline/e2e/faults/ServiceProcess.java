package io.breedline.e2e.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A service running as a real operating-system process: its own {@code main}, the test's classpath, configuration in
 * environment variables, output in a log file. The tests kill it the way an orchestrator or the kernel would: by pid.
 */
final class ServiceProcess implements AutoCloseable {
    private static final String MAX_HEAP = "-Xmx384m";

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with only the given {@code BREEDLINE_*} variables added to this JVM's environment. */
    static ServiceProcess start(String name, Class<?> mainClass, Map<String, String> env, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + "-" + System.currentTimeMillis() + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add(MAX_HEAP);
            command.add("-XX:+UseSerialGC"); // two shared cores: no parallel GC threads per service
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass.getName());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new ServiceProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the group. */
    void kill9() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM: the service's shutdown hook runs. */
    void sigterm() {
        process.destroy();
    }

    /** SIGSTOP: the process freezes (a long GC pause, a stalled VM) but holds its sockets. */
    void sigstop() {
        signal("STOP");
    }

    void sigcont() {
        signal("CONT");
    }

    private void signal(String sig) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + sig + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + sig + " " + pid() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The exit status if the process ended within the timeout. */
    OptionalInt waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Never leaves a process behind, whatever the test did: a frozen one is thawed so SIGKILL can reap it. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                sigcont();
            } catch (RuntimeException ignored) {
                // it may have exited in between
            }
            kill9();
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + (process.isAlive() ? pid() : "exited") + ", log " + log + "]";
    }
}
