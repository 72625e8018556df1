package io.breedline.worker.decode;

import io.breedline.worker.decode.helper.HelperDecoder;
import io.breedline.worker.decode.helper.HelperOptions;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image bytes to upright 8-bit RGB: whatever javax.imageio reads (JPEG, PNG, GIF, BMP, TIFF, WBMP, and the
 * first frame of an animated WebP through TwelveMonkeys' pure-Java plugin), and through its {@link NativeDecoders}
 * HEIC/HEIF and AVIF (libheif) and still WebP (libwebp, lossy, lossless, alpha; TwelveMonkeys when libwebp is
 * missing). By default the native decoders run in helper processes ({@link HelperDecoder}); inside such a helper this
 * class runs with them in process. The worker's exact path sends every file to a helper
 * ({@link ModelInputDecoder}), so that nothing decoded here can stall or crash the worker.
 *
 * <p>The conversion copies stored sample values rather than colour-managing them, the way TensorFlow's
 * {@code tf.io.decode_image(channels=3)} (what Keras' {@code image_dataset_from_directory} trained on) does: grey is
 * replicated to R=G=B, palette entries are looked up, 16-bit samples keep their high byte, embedded ICC profiles are
 * ignored, and <b>alpha is dropped</b> (the colour under a transparent pixel is kept, not composited onto a
 * background; GIF is the exception, as in TensorFlow: its transparent pixels are black). CMYK and YCCK JPEGs are
 * converted with TensorFlow's integer formulas (see {@link CmykJpeg}). The first frame of an animation is used.
 * TensorFlowParityTest checks all this against TensorFlow's own kernels.
 *
 * <p>One deliberate difference from TensorFlow: the EXIF orientation (JPEG APP1, PNG {@code eXIf}, WebP {@code EXIF},
 * TIFF IFD0) is applied, so a phone photo stored sideways reaches the model upright. Unreadable EXIF is ignored. A
 * HEIF/AVIF file's rotation and mirroring are its container's {@code irot}/{@code imir} properties, which libheif
 * applies; the EXIF orientation such files also carry is then not applied again.
 *
 * <p>Known residual difference: TensorFlow decodes JPEG with libjpeg's fast integer IDCT ({@code JDCT_IFAST}),
 * ImageIO with the accurate one ({@code JDCT_ISLOW}), and offers no other; samples of the same JPEG differ by a few
 * levels (with TensorFlow set to {@code dct_method="INTEGER_ACCURATE"} they are identical).
 *
 * <p>The image's size is read from its header and checked against the pixel limit before any pixel is decoded, so
 * a small file that claims to be gigapixels cannot exhaust the heap. JPEG data that ImageIO only warns about
 * (premature end of data, corrupt segments) is refused too: it decodes to a partly grey image whose label would be
 * noise.
 */
public final class ImageDecoder implements AutoCloseable {
    // libjpeg's JWRN_ADOBE_XFORM: an unusual APP14 transform value, after which libjpeg (and TensorFlow) carry on
    // reading YCC; every other warning means damaged data.
    private static final String HARMLESS_WARNING = "Unknown Adobe color transform code";

    private final long maxPixels;
    private final NativeDecoders natives;

    /** HEIC/HEIF, AVIF and still WebP decoded in helper processes with the default libraries and time limit. */
    public ImageDecoder(long maxPixels) {
        this(maxPixels, new HelperDecoder(maxPixels, HelperOptions.DEFAULT));
    }

    public ImageDecoder(long maxPixels, NativeDecoders natives) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, was " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.natives = natives;
    }

    /** The upright RGB pixels of an image file. */
    public RgbImage decode(byte[] data) throws DecodeException {
        return decodeDetailed(data).image();
    }

    /** The upright RGB pixels of an image file, with its format and stored orientation. */
    public DecodedImage decodeDetailed(byte[] data) throws DecodeException {
        if (data.length == 0) {
            throw new DecodeException("empty file (0 bytes)");
        }
        boolean webp = FormatSniffer.isWebp(data);
        if (webp) {
            checkWebpLength(data);
        }
        if (!FormatSniffer.heifKind(data).isEmpty()
                || (webp && natives.decodesWebp() && !FormatSniffer.isAnimatedWebp(data))) {
            return natives.decode(data);
        }
        JpegHeader jpeg = FormatSniffer.isJpeg(data) ? JpegHeader.scan(data) : null;
        byte[] readable = jpeg != null ? jpeg.withoutIccProfiles(data) : data;
        // A memory-backed stream: ImageIO's default may spill to temporary files.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(readable))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DecodeException("not an image this worker can read: detected " + FormatSniffer.describe(data));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = formatOf(reader);
                RgbImage stored = read(reader, format, data.length, jpeg);
                Orientation orientation = orientationOf(data, jpeg);
                return new DecodedImage(format, stored.width(), stored.height(), orientation, orientation.apply(stored));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new DecodeException("cannot read the image stream: " + e.getMessage(), e);
        }
    }

    // TwelveMonkeys decodes a cut-short WebP without complaint, the missing part blank: the RIFF header says how long
    // the file is, so a short one is refused here, as a truncated JPEG is.
    private static void checkWebpLength(byte[] data) throws DecodeException {
        long riffSize = (data[4] & 0xffL) | (data[5] & 0xffL) << 8 | (data[6] & 0xffL) << 16 | (data[7] & 0xffL) << 24;
        if (riffSize + 8 > data.length) {
            throw new DecodeException("WebP data is truncated or corrupt (" + data.length + " bytes): the file header "
                    + "declares " + (riffSize + 8) + " bytes");
        }
    }

    private RgbImage read(ImageReader reader, String format, int byteCount, JpegHeader jpeg) throws DecodeException {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new DecodeException(format + " header is truncated or corrupt (" + byteCount + " bytes): " + describe(e), e);
        }
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0) {
            throw new DecodeException(format + " header declares an empty image (" + width + "x" + height + ")");
        }
        if (pixels > maxPixels) {
            throw new DecodeException(format + " image is " + width + "x" + height + " = " + pixels
                    + " pixels, more than the limit of " + maxPixels + " (BREEDLINE_MAX_IMAGE_PIXELS)");
        }
        boolean fourComponentJpeg = jpeg != null && jpeg.components() == 4;
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> {
            if (!warning.startsWith(HARMLESS_WARNING)) {
                warnings.add(warning);
            }
        });
        BufferedImage image = null;
        Raster raw = null;
        try {
            // ImageIO's own CMYK conversion differs from TensorFlow's (or fails): take the raw samples instead.
            if (fourComponentJpeg) {
                raw = reader.readRaster(0, null);
            } else {
                image = reader.read(0);
            }
        } catch (IOException e) {
            throw new DecodeException(format + " data is truncated or corrupt (" + byteCount + " bytes): " + describe(e), e);
        } catch (RuntimeException e) {
            // Some ImageIO plugins signal malformed data with unchecked exceptions.
            throw new DecodeException(format + " data is corrupt (" + byteCount + " bytes): " + describe(e), e);
        }
        if (!warnings.isEmpty()) {
            throw new DecodeException(format + " data is truncated or corrupt (" + byteCount + " bytes): " + warnings.get(0));
        }
        if (raw != null) {
            if (raw.getNumBands() != 4) {
                throw new DecodeException(format + " declares 4 components but decodes to " + raw.getNumBands());
            }
            return CmykJpeg.toRgb(raw, jpeg);
        }
        RgbImage rgb = toRgb(image);
        if (format.equals("GIF")) {
            blackenTransparent(image, rgb.pixels());
        }
        return rgb;
    }

    // TensorFlow's GIF decoder shows the previous frame through transparent pixels, and black on the first frame.
    private static void blackenTransparent(BufferedImage image, byte[] rgb) {
        if (!(image.getColorModel() instanceof IndexColorModel palette) || palette.getTransparentPixel() < 0) {
            return;
        }
        int transparent = palette.getTransparentPixel();
        int w = image.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRaster().getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                if (row[x] == transparent) {
                    Arrays.fill(rgb, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) 0);
                }
            }
        }
    }

    private static Orientation orientationOf(byte[] data, JpegHeader jpeg) {
        if (jpeg != null) {
            return ExifOrientation.ofJpeg(data, jpeg);
        }
        if (FormatSniffer.isPng(data)) {
            return ExifOrientation.ofPng(data);
        }
        if (FormatSniffer.isTiff(data)) {
            return ExifOrientation.ofTiff(data, 0, data.length);
        }
        if (FormatSniffer.isWebp(data)) {
            return ExifOrientation.ofWebp(data);
        }
        return Orientation.NORMAL;
    }

    /** Copies stored samples to 8-bit RGB; see the class comment for the rules. */
    static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        ColorModel cm = image.getColorModel();
        if (isPlainComponentImage(cm)) {
            copyComponents(image.getRaster(), cm, w, h, out);
        } else {
            // Palettes, packed ints and anything unusual: Java2D's conversion to non-premultiplied sRGB.
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 3;
                    out[i] = (byte) (row[x] >> 16);
                    out[i + 1] = (byte) (row[x] >> 8);
                    out[i + 2] = (byte) row[x];
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    // Grey and RGB images with integer samples: read the samples directly, because Java2D would treat a grey image
    // as linear light and brighten it on the way to sRGB.
    private static boolean isPlainComponentImage(ColorModel cm) {
        if (!(cm instanceof ComponentColorModel) || cm.isAlphaPremultiplied()) {
            return false;
        }
        int type = cm.getTransferType();
        if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT && type != DataBuffer.TYPE_INT) {
            return false;
        }
        int csType = cm.getColorSpace().getType();
        int colours = cm.getNumColorComponents();
        return (csType == ColorSpace.TYPE_GRAY && colours == 1) || (csType == ColorSpace.TYPE_RGB && colours == 3);
    }

    private static void copyComponents(Raster raster, ColorModel cm, int w, int h, byte[] out) {
        int colours = cm.getNumColorComponents();
        int[] bits = cm.getComponentSize();
        int[] px = new int[raster.getNumBands()];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, px);
                int i = (y * w + x) * 3;
                if (colours == 1) {
                    byte v = (byte) to8Bit(px[0], bits[0]);
                    out[i] = v;
                    out[i + 1] = v;
                    out[i + 2] = v;
                } else {
                    out[i] = (byte) to8Bit(px[0], bits[0]);
                    out[i + 1] = (byte) to8Bit(px[1], bits[1]);
                    out[i + 2] = (byte) to8Bit(px[2], bits[2]);
                }
            }
        }
    }

    // Deeper samples keep their high byte (libpng's strip_16, as TensorFlow does); shallower ones are scaled up
    // exactly (1-bit 1 -> 255, 4-bit 15 -> 255).
    static int to8Bit(int value, int bits) {
        if (bits == 8) {
            return value;
        }
        if (bits > 8) {
            return value >>> (bits - 8);
        }
        return value * 255 / ((1 << bits) - 1);
    }

    private static String formatOf(ImageReader reader) {
        try {
            String name = reader.getFormatName().toUpperCase(Locale.ROOT);
            return switch (name) {
                case "TIF" -> "TIFF";
                case "WEBP" -> "WebP";
                default -> name;
            };
        } catch (IOException e) {
            return "image";
        }
    }

    /** Stops the native decoders' helper processes, if any. */
    @Override
    public void close() {
        natives.close();
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            message = (message == null ? "" : message + ": ") + cause.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
