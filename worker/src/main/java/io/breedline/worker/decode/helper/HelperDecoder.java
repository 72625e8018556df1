package io.breedline.worker.decode.helper;

import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodedImage;
import io.breedline.worker.decode.FormatSniffer;
import io.breedline.worker.decode.NativeDecoders;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes image files in helper processes ({@link DecoderProcess}), each decode under a time limit, so that a file
 * that crashes native code (libheif, libwebp, the JDK's libjpeg) or makes a decoder hang or spin (native or pure
 * Java: a Java thread cannot be stopped, a process can) costs that file (a dead letter) and a helper restart, never
 * the worker. The helper runs the worker's own {@link io.breedline.worker.decode.ImageDecoder} with libheif and
 * libwebp called in process, so what comes back is what an in-process decode would give. Helpers are kept between
 * decodes, one per concurrent caller at most. Safe for concurrent use.
 *
 * <p>Whether libheif and libwebp can be loaded is checked once, in this process (loading runs no decoding code);
 * without libheif every HEIC/AVIF file fails with a reason that says what to install, without libwebp WebP is decoded
 * by TwelveMonkeys' pure-Java plugin (in the helper too).
 */
public final class HelperDecoder implements NativeDecoders {
    /** What a worker without libheif says about a HEIC or AVIF file. */
    public static final String INSTALL_HINT = "install libheif (Debian/Ubuntu: apt-get install libheif1)";
    /** What a worker without libwebp says at start-up. */
    public static final String WEBP_HINT = "install libwebp (Debian/Ubuntu: apt-get install libwebp7) for libwebp's";
    public static final String DEFAULT_LIBRARY = "libheif.so.1";
    public static final String DEFAULT_WEBP_LIBRARY = "libwebp.so.7";
    public static final String HELPER_MAIN = DecoderProcessMain.class.getName();
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(HelperDecoder.class);

    private final HelperOptions options;
    private final String helperMain;
    private final long maxPixels;
    private final Optional<String> heifVersion;
    private final Optional<String> webpVersion;
    private final ConcurrentLinkedDeque<DecoderProcess> idle = new ConcurrentLinkedDeque<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    public HelperDecoder(long maxPixels, HelperOptions options) {
        this(options, HELPER_MAIN, maxPixels);
    }

    /** {@code helperMain}: the class the helper processes run; tests pass one that crashes or hangs. */
    public HelperDecoder(HelperOptions options, String helperMain, long maxPixels) {
        this.options = options;
        this.helperMain = helperMain;
        this.maxPixels = maxPixels;
        this.heifVersion = probe(() -> Libheif.load(options.library()).heif_get_version(), options.library());
        this.webpVersion = probe(() -> Libwebp.versionString(Libwebp.load(options.webpLibrary()).WebPGetDecoderVersion()),
                options.webpLibrary());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "breedline-decode-timeout");
            t.setDaemon(true);
            return t;
        });
    }

    private static Optional<String> probe(Supplier<String> version, String library) {
        try {
            return Optional.of(version.get());
        } catch (LinkageError e) {
            log.debug("cannot load {}", library, e);
            return Optional.empty();
        }
    }

    static String heifMissing(String library) {
        return "HEIC/HEIF and AVIF need libheif, which this worker cannot load (" + library + " not found): "
                + INSTALL_HINT;
    }

    /** libheif's version when it can be loaded. */
    public Optional<String> libraryVersion() {
        return heifVersion;
    }

    /** libwebp's version when it can be loaded. */
    public Optional<String> webpVersion() {
        return webpVersion;
    }

    public Duration timeout() {
        return options.timeout();
    }

    @Override
    public boolean decodesWebp() {
        return webpVersion.isPresent();
    }

    /** Any image file this worker reads, decoded in a helper process within the time limit. */
    @Override
    public DecodedImage decode(byte[] data) throws DecodeException {
        return inHelper(data, helper -> helper.decode(data, options.timeout()));
    }

    /**
     * Any image file this worker reads, decoded and resized to {@code height x width} ({@link
     * io.breedline.worker.decode.BilinearResizer}) in a helper process within the time limit: the model input.
     */
    public float[] decodeResized(byte[] data, int height, int width) throws DecodeException {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("model input size must be positive, was " + height + "x" + width);
        }
        return inHelper(data, helper -> helper.decodeResized(data, height, width, options.timeout()));
    }

    private interface Work<T> {
        T run(DecoderProcess helper) throws DecodeException;
    }

    private <T> T inHelper(byte[] data, Work<T> work) throws DecodeException {
        if (data.length == 0) {
            throw new DecodeException("empty file (0 bytes)");
        }
        if (heifVersion.isEmpty() && !FormatSniffer.heifKind(data).isEmpty()) {
            throw new DecodeException(heifMissing(options.library()));
        }
        DecoderProcess helper = borrow();
        try {
            return work.run(helper);
        } finally {
            giveBack(helper);
        }
    }

    private DecoderProcess borrow() throws DecodeException {
        DecoderProcess helper = idle.pollFirst();
        if (helper != null) {
            return helper;
        }
        try {
            return DecoderProcess.start(helperMain, options, maxPixels, timer);
        } catch (IOException e) {
            throw new DecodeException("cannot start the decoder process: " + e.getMessage(), e);
        }
    }

    private void giveBack(DecoderProcess helper) {
        if (helper.dead()) {
            log.warn("A decoder process was stopped (crash or time limit); the next file starts a new one");
            helper.close();
        } else if (closed) {
            helper.close();
        } else {
            idle.addFirst(helper);
        }
    }

    @Override
    public void close() {
        closed = true;
        DecoderProcess helper;
        while ((helper = idle.pollFirst()) != null) {
            helper.close();
        }
        timer.shutdownNow();
    }
}
