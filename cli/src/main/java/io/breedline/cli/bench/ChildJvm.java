package io.breedline.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
