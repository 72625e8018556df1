package io.breedline.worker.decode.helper;

import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.BilinearResizer;
import io.breedline.worker.decode.DecodedImage;
import io.breedline.worker.decode.Orientation;
import io.breedline.worker.decode.RgbImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * One helper process ({@link DecoderProcessMain} by default) and the worker's side of its protocol. A decode that
 * outlasts its time limit gets the process killed; a process that dies mid-decode (a native crash) makes that one
 * file fail with the reason. Either way this helper is then dead and its owner starts another. Not thread-safe: one
 * decode at a time.
 */
final class DecoderProcess implements AutoCloseable {
    // Room for the file, ImageIO's image and the RGB copies of the largest image allowed; a cap, not a reservation.
    private static final long BASE_HEAP_BYTES = 128L << 20;
    private static final long HEAP_BYTES_PER_PIXEL = 12;

    private final Process process;
    private final DataOutputStream requests;
    private final DataInputStream replies;
    private final Path crashReport;
    private final ScheduledExecutorService timer;
    private final long maxPixels;
    private boolean dead;

    private DecoderProcess(Process process, Path crashReport, ScheduledExecutorService timer, long maxPixels)
            throws IOException {
        this.process = process;
        this.maxPixels = maxPixels;
        this.crashReport = crashReport;
        this.timer = timer;
        this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.replies = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        if (replies.read() != DecoderProcessMain.READY) {
            close();
            throw new IOException("the decoder process did not start (" + exitDescription() + ")");
        }
    }

    static DecoderProcess start(String mainClass, HelperOptions options, long maxPixels,
            ScheduledExecutorService timer) throws IOException {
        Path crashReport = Paths.get(System.getProperty("java.io.tmpdir"), "breedline-decode-" + UUID.randomUUID() + ".log");
        long heap = BASE_HEAP_BYTES + Math.min(maxPixels, Integer.MAX_VALUE / 3) * HEAP_BYTES_PER_PIXEL;
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (heap >> 20) + "m", "-Xss1m", "-Djava.awt.headless=true",
                // A crash writes its report where we can read the signal, and no core dump.
                "-XX:ErrorFile=" + crashReport, "-XX:-CreateCoredumpOnCrash", "-XX:+DisplayVMOutputToStderr",
                "-cp", System.getProperty("java.class.path"), mainClass, options.library(), options.webpLibrary(),
                Long.toString(maxPixels)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new DecoderProcess(process, crashReport, timer, maxPixels);
    }

    boolean dead() {
        return dead;
    }

    /** Decodes one file; a {@link DecodeException} for a file the decoders refuse, crash on, or take too long with. */
    DecodedImage decode(byte[] data, Duration timeout) throws DecodeException {
        return exchange(data, 0, 0, timeout, header -> {
            byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(header.width(), header.height()), 3)];
            replies.readFully(pixels);
            return new DecodedImage(header.format(), header.storedWidth(), header.storedHeight(), header.orientation(),
                    new RgbImage(header.width(), header.height(), pixels));
        });
    }

    /**
     * Decodes one file and resizes it to the model's input in the helper ({@link BilinearResizer}), so that only the
     * small input crosses the pipe, not the full-size pixels.
     */
    float[] decodeResized(byte[] data, int height, int width, Duration timeout) throws DecodeException {
        return exchange(data, height, width, timeout, header -> {
            byte[] bytes = new byte[Math.multiplyExact(Math.multiplyExact(height, width), 3 * Float.BYTES)];
            replies.readFully(bytes);
            float[] input = new float[height * width * 3];
            ByteBuffer.wrap(bytes).asFloatBuffer().get(input);
            return input;
        });
    }

    /** What the helper says about a decoded image before its pixels. */
    private record Header(String format, int storedWidth, int storedHeight, Orientation orientation, int width,
            int height) {}

    private interface Body<T> {
        T read(Header header) throws IOException;
    }

    private <T> T exchange(byte[] data, int height, int width, Duration timeout, Body<T> body) throws DecodeException {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> kill = timer.schedule(() -> {
            timedOut.set(true);
            process.destroyForcibly();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            requests.writeInt(height);
            requests.writeInt(width);
            requests.writeInt(data.length);
            requests.write(data);
            requests.flush();
            int status = replies.read();
            if (status == DecoderProcessMain.ERROR) {
                throw new DecodeException(replies.readUTF());
            }
            if (status == DecoderProcessMain.FATAL) {
                dead = true; // the helper exits after this reply
                throw new DecodeException(replies.readUTF());
            }
            if (status != DecoderProcessMain.IMAGE) {
                throw new IOException("no reply");
            }
            String format = replies.readUTF();
            int storedWidth = replies.readInt();
            int storedHeight = replies.readInt();
            Orientation orientation = Orientation.values()[replies.readUnsignedByte() % Orientation.values().length];
            int uprightWidth = replies.readInt();
            int uprightHeight = replies.readInt();
            if (uprightWidth <= 0 || uprightHeight <= 0 || (long) uprightWidth * uprightHeight > maxPixels) {
                throw new IOException("garbled reply: " + uprightWidth + "x" + uprightHeight);
            }
            return body.read(new Header(format, storedWidth, storedHeight, orientation, uprightWidth, uprightHeight));
        } catch (IOException | RuntimeException e) {
            kill.cancel(false);
            dead = true;
            process.destroyForcibly();
            if (timedOut.get()) {
                throw new DecodeException("decoding took longer than " + timeout.toMillis()
                        + " ms (BREEDLINE_DECODE_TIMEOUT); the decoder process was stopped");
            }
            throw new DecodeException("the decoder process crashed on this file (" + exitDescription() + ")", e);
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
