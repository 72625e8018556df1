package io.breedline.worker.decode.heif;

import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.RgbImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes HEIC/HEIF and AVIF files with libheif in helper processes ({@link HeifHelper}), so that native code
 * crashing or hanging on a hostile file costs that file (a dead letter) and a helper restart, never the worker.
 * Helpers are kept between decodes, one per concurrent caller at most. Safe for concurrent use.
 *
 * <p>Whether libheif can be loaded is checked once, in this process (loading runs no decoding code); without it
 * every decode fails with a reason that says what to install.
 */
public final class HeifDecoder implements AutoCloseable {
    /** What a worker without libheif says about a HEIC or AVIF file. */
    public static final String INSTALL_HINT = "install libheif (Debian/Ubuntu: apt-get install libheif1)";
    public static final String DEFAULT_LIBRARY = "libheif.so.1";
    public static final String HELPER_MAIN = HeifHelperMain.class.getName();
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(HeifDecoder.class);

    private final String library;
    private final String helperMain;
    private final long maxPixels;
    private final Duration timeout;
    private final Optional<String> version;
    private final String unavailableReason;
    private final ConcurrentLinkedDeque<HeifHelper> idle = new ConcurrentLinkedDeque<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    public HeifDecoder(long maxPixels, Duration timeout) {
        this(DEFAULT_LIBRARY, HELPER_MAIN, maxPixels, timeout);
    }

    /** {@code helperMain}: the class the helper processes run; tests pass one that crashes or hangs. */
    public HeifDecoder(String library, String helperMain, long maxPixels, Duration timeout) {
        this.library = library;
        this.helperMain = helperMain;
        this.maxPixels = maxPixels;
        this.timeout = timeout;
        String probed;
        String reason = null;
        try {
            probed = Libheif.load(library).heif_get_version();
        } catch (LinkageError e) {
            probed = null;
            reason = "HEIC/HEIF and AVIF need libheif, which this worker cannot load (" + library + " not found): "
                    + INSTALL_HINT;
            log.debug("cannot load {}", library, e);
        }
        this.version = Optional.ofNullable(probed);
        this.unavailableReason = reason;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "breedline-heif-timeout");
            t.setDaemon(true);
            return t;
        });
    }

    /** libheif's version when it can be loaded. */
    public Optional<String> libraryVersion() {
        return version;
    }

    /** The upright RGB pixels of a HEIF or AVIF file. */
    public RgbImage decode(byte[] data) throws DecodeException {
        if (unavailableReason != null) {
            throw new DecodeException(unavailableReason);
        }
        HeifHelper helper = borrow();
        try {
            return helper.decode(data, timeout);
        } finally {
            giveBack(helper);
        }
    }

    private HeifHelper borrow() throws DecodeException {
        HeifHelper helper = idle.pollFirst();
        if (helper != null) {
            return helper;
        }
        try {
            return HeifHelper.start(helperMain, library, maxPixels, timer);
        } catch (HeifHelper.LibraryMissingException e) {
            throw new DecodeException("HEIC/HEIF and AVIF need libheif, which the decoder process cannot load ("
                    + firstLine(e.getMessage()) + "): " + INSTALL_HINT, e);
        } catch (IOException e) {
            throw new DecodeException("cannot start the HEIF decoder process: " + e.getMessage(), e);
        }
    }

    private void giveBack(HeifHelper helper) {
        if (helper.dead()) {
            log.warn("A HEIF decoder process was stopped (crash or time limit); the next file starts a new one");
            helper.close();
        } else if (closed) {
            helper.close();
        } else {
            idle.addFirst(helper);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not found";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        closed = true;
        HeifHelper helper;
        while ((helper = idle.pollFirst()) != null) {
            helper.close();
        }
        timer.shutdownNow();
    }
}
