package io.breedline.worker.decode;

import io.breedline.worker.decode.helper.HelperDecoder;
import io.breedline.worker.decode.helper.HelperOptions;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image bytes to one model input (NHWC floats in 0..255), by the path {@link DecodeMode} chooses: in
 * {@link DecodeMode#FAST} mode JPEGs go through {@link ScaledJpegDecoder} (scaled down in the DCT domain when at least
 * twice the input size in both directions); everything else, and anything the fast path refuses, through
 * {@link ImageDecoder} in a helper process ({@link HelperDecoder}), within {@code BREEDLINE_DECODE_TIMEOUT}: a file
 * that crashes, hangs or spins a decoder, native or pure Java, costs that file and a helper restart, never the worker.
 * Both end in the same {@link BilinearResizer}, the exact path's in the helper (only the model input crosses the pipe).
 * Safe for concurrent use.
 */
public final class ModelInputDecoder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelInputDecoder.class);

    private final HelperDecoder exact;
    private final DecodeMode mode;
    private final long maxPixels;
    private final AtomicLong fastDecodes = new AtomicLong();
    private final AtomicLong exactDecodes = new AtomicLong();
    private volatile ScaledJpegDecoder scaled;
    private volatile boolean fastUnavailable;

    public ModelInputDecoder(long maxPixels, DecodeMode mode) {
        this(maxPixels, mode, HelperOptions.DEFAULT);
    }

    public ModelInputDecoder(long maxPixels, DecodeMode mode, HelperOptions options) {
        this.exact = new HelperDecoder(maxPixels, options);
        this.mode = mode;
        this.maxPixels = maxPixels;
    }

    /** The formats this decoder reads, for the start-up log; says what to install for those it cannot. */
    public String formats() {
        String webp = exact.webpVersion().map(v -> "WebP (libwebp " + v + ")")
                .orElse("WebP (TwelveMonkeys; " + HelperDecoder.WEBP_HINT + " decode)");
        String heif = exact.libraryVersion().map(v -> ", HEIC/HEIF and AVIF (libheif " + v + ")")
                .orElse("; not HEIC/HEIF or AVIF: " + HelperDecoder.INSTALL_HINT);
        return "JPEG, PNG, GIF, BMP, TIFF, WBMP, " + webp + heif + "; all but the fast JPEG path in helper processes, "
                + exact.timeout().toSeconds() + " s at most per file (BREEDLINE_DECODE_TIMEOUT)";
    }

    /** The image upright, resized to {@code height x width}. */
    public float[] decode(byte[] data, int height, int width) throws DecodeException {
        if (mode == DecodeMode.FAST && !fastUnavailable && FormatSniffer.isJpeg(data)) {
            RgbImage fast = tryFast(data, height, width);
            if (fast != null) {
                fastDecodes.incrementAndGet();
                return BilinearResizer.resize(fast, height, width);
            }
        }
        exactDecodes.incrementAndGet();
        return exact.decodeResized(data, height, width);
    }

    // null: not a JPEG the fast path takes (CMYK, over the pixel limit, or refused by TensorFlow).
    private RgbImage tryFast(byte[] data, int height, int width) {
        JpegHeader header = JpegHeader.scan(data);
        int components = header.components();
        long pixels = (long) header.width() * header.height();
        // Over-limit and CMYK images take the exact path, which refuses the former and converts the latter as TF does.
        if ((components != 1 && components != 3) || pixels <= 0 || pixels > maxPixels) {
            return null;
        }
        Orientation orientation = ExifOrientation.ofJpeg(data, header);
        int ratio = ScaledJpegDecoder.ratioFor(header.width(), header.height(), orientation, height, width);
        ScaledJpegDecoder decoder = scaledDecoder();
        if (decoder == null) {
            return null;
        }
        return decoder.decode(data, ratio).map(orientation::apply).orElse(null);
    }

    private ScaledJpegDecoder scaledDecoder() {
        ScaledJpegDecoder d = scaled;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (scaled == null && !fastUnavailable) {
                try {
                    scaled = new ScaledJpegDecoder();
                } catch (RuntimeException | LinkageError e) {
                    fastUnavailable = true;
                    log.warn("TensorFlow's JPEG decoder is unavailable; decoding every image the exact way", e);
                }
            }
            return scaled;
        }
    }

    public DecodeMode mode() {
        return mode;
    }

    /** Images decoded by the fast path so far. */
    public long fastDecodes() {
        return fastDecodes.get();
    }

    /** Images decoded by the exact path so far (including those the fast path refused). */
    public long exactDecodes() {
        return exactDecodes.get();
    }

    @Override
    public synchronized void close() {
        exact.close();
        if (scaled != null) {
            scaled.close();
            scaled = null;
        }
        fastUnavailable = true;
    }
}
