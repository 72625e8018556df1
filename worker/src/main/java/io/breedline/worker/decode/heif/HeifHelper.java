package io.breedline.worker.decode.heif;

import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.RgbImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One helper process ({@link HeifHelperMain} by default) and the worker's side of its protocol. A decode that
 * outlasts its time limit gets the process killed; a process that dies mid-decode (a native crash) makes that one
 * file fail with the reason. Either way this helper is then dead and its owner starts another. Not thread-safe: one
 * decode at a time.
 */
final class HeifHelper implements AutoCloseable {
    private static final long HEAP_BYTES = 256L << 20;

    private final Process process;
    private final DataOutputStream requests;
    private final DataInputStream replies;
    private final Path crashReport;
    private final ScheduledExecutorService timer;
    private final String version;
    private final long maxPixels;
    private boolean dead;

    private HeifHelper(Process process, Path crashReport, ScheduledExecutorService timer, long maxPixels)
            throws IOException {
        this.process = process;
        this.maxPixels = maxPixels;
        this.crashReport = crashReport;
        this.timer = timer;
        this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.replies = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        int status = replies.read();
        if (status == HeifHelperMain.ERROR) {
            String reason = replies.readUTF();
            close();
            throw new LibraryMissingException(reason);
        }
        if (status != HeifHelperMain.READY) {
            close();
            throw new IOException("the HEIF decoder process did not start (" + exitDescription() + ")");
        }
        this.version = replies.readUTF();
    }

    /** Thrown when the helper starts but cannot load libheif. */
    static final class LibraryMissingException extends IOException {
        private static final long serialVersionUID = 1L;

        LibraryMissingException(String reason) {
            super(reason);
        }
    }

    static HeifHelper start(String mainClass, String library, long maxPixels, ScheduledExecutorService timer)
            throws IOException {
        Path crashReport = Paths.get(System.getProperty("java.io.tmpdir"), "breedline-heif-" + UUID.randomUUID() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (HEAP_BYTES >> 20) + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m",
                // A crash writes its report where we can read the signal, and no core dump.
                "-XX:ErrorFile=" + crashReport, "-XX:-CreateCoredumpOnCrash", "-XX:+DisplayVMOutputToStderr",
                "-cp", System.getProperty("java.class.path"), mainClass, library,
                Long.toString(maxPixels)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new HeifHelper(process, crashReport, timer, maxPixels);
    }

    String libraryVersion() {
        return version;
    }

    boolean dead() {
        return dead;
    }

    /** Decodes one file; a {@link DecodeException} for a file libheif refuses, crashes on, or takes too long with. */
    RgbImage decode(byte[] data, Duration timeout) throws DecodeException {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> kill = timer.schedule(() -> {
            timedOut.set(true);
            process.destroyForcibly();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            requests.writeInt(data.length);
            requests.write(data);
            requests.flush();
            int status = replies.read();
            if (status == HeifHelperMain.ERROR) {
                throw new DecodeException(replies.readUTF());
            }
            if (status != HeifHelperMain.IMAGE) {
                throw new IOException("no reply");
            }
            int width = replies.readInt();
            int height = replies.readInt();
            if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                throw new IOException("garbled reply: " + width + "x" + height);
            }
            byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
            replies.readFully(pixels);
            return new RgbImage(width, height, pixels);
        } catch (IOException | RuntimeException e) {
            kill.cancel(false);
            dead = true;
            process.destroyForcibly();
            if (timedOut.get()) {
                throw new DecodeException("decoding took longer than " + timeout.toMillis()
                        + " ms (BREEDLINE_DECODE_TIMEOUT); the decoder process was stopped");
            }
            throw new DecodeException("the native decoder crashed on this file (" + exitDescription() + ")", e);
        } finally {
            kill.cancel(false);
        }
    }

    // The JVM's crash report names the signal ("SIGSEGV (0xb) at pc=..."): worth a dead letter's reason.
    private String exitDescription() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "the process did not exit";
            }
            String signal = "";
            if (Files.exists(crashReport)) {
                signal = Files.readAllLines(crashReport).stream()
                        .filter(l -> l.startsWith("#  SIG") || l.startsWith("#  Internal Error"))
                        .map(l -> l.substring(1).trim())
                        .findFirst().map(l -> ", " + l).orElse("");
            }
            return "exit code " + process.exitValue() + signal;
        } catch (IOException e) {
            return "exit code " + process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for it to exit";
        } finally {
            try {
                Files.deleteIfExists(crashReport);
            } catch (IOException ignored) {
                // a left-over crash report in the temporary directory is harmless
            }
        }
    }

    @Override
    public void close() {
        dead = true;
        try {
            requests.close();
        } catch (IOException ignored) {
            // the process is going anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(crashReport);
        } catch (IOException ignored) {
            // harmless
        }
    }
}
