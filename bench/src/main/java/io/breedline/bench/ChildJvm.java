package io.breedline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code java} command for another Breedline process on this JVM's own runtime and classpath: a service as it runs
 * in a deployment (its own heap, threads and JIT), started by a benchmark that measures it from outside.
 */
public final class ChildJvm {
    private static final Path NICE = Path.of("/usr/bin/nice");

    private ChildJvm() {}

    /** {@code java OPTIONS -cp CLASSPATH MAIN ARGS}, run at the given niceness (0: as this process). */
    public static ProcessBuilder builder(List<String> jvmOptions, String mainClass, List<String> args, int niceness) {
        List<String> command = new ArrayList<>();
        if (niceness != 0) {
            if (!Files.isExecutable(NICE)) {
                throw new IllegalStateException("cannot lower the priority of " + mainClass + ": " + NICE + " is missing");
            }
            command.addAll(List.of(NICE.toString(), "-n", Integer.toString(niceness)));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /** SIGKILL, then a bounded wait for the exit. Does nothing to a process that has exited. */
    public static void kill(Process process) {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The last {@code lines} lines of a child's log, for an error message (the log may be deleted afterwards). */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(the log " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }
}
