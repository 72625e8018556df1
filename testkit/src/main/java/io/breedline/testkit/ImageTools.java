package io.breedline.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The reference encoders and decoders (libheif-examples, webp, libavif-bin), run as commands. A missing tool skips
 * the test with the package to install, except under {@code CI=true}, where {@code .ci/run} installs them and a
 * missing one is a failure.
 */
public final class ImageTools {
    private ImageTools() {}

    /** Skips (or, on CI, fails) unless {@code tool} from Debian package {@code debianPackage} is on the PATH. */
    public static void require(String tool, String debianPackage) {
        if (onPath(tool)) {
            return;
        }
        String message = tool + " is not installed: apt-get install " + debianPackage;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (.ci/run installs it; on CI a missing reference tool is a failure, not a skip)");
        }
        Assumptions.abort(message);
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, failing the test with its output if it does not exit with 0. */
    public static void run(Path workDir, String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        try {
            Path log = Files.createTempFile(workDir, "tool", ".log");
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish in 5 minutes");
            }
            if (p.exitValue() != 0) {
                fail(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            Files.delete(log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd, e);
        }
    }
}
