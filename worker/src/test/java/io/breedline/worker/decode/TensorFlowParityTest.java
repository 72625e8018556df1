package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker's preprocessing against TensorFlow's own kernels (the ones Keras' {@code image_dataset_from_directory}
 * ran at training time), run in-process through the TensorFlow Java API. Each case prints what it measured.
 */
class TensorFlowParityTest {
    private static final float RESIZE_TOLERANCE = 1e-3f;
    private final ImageDecoder decoder = new ImageDecoder(100_000_000);

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "7, 5, 256, 256",       // upscale
        "640, 480, 256, 256",   // downscale, landscape
        "480, 640, 256, 256",   // downscale, portrait
        "300, 500, 224, 320",   // non-square output, up on one axis and down on the other
        "256, 256, 256, 256",   // identity
        "1, 1, 256, 256",
        "4032, 3024, 256, 256", // a 12-megapixel phone photo
    })
    void bilinearResizeMatchesTensorFlow(int width, int height, int outHeight, int outWidth) {
        RgbImage image = noise(width, height, width * 31L + height);
        float[] java = BilinearResizer.resize(image, outHeight, outWidth);
        float[] tf = TensorFlowImageOps.resizeBilinear(image, outHeight, outWidth);
        float max = maxAbsDifference(java, tf);
        System.out.printf("resize %dx%d -> %dx%d: max |Java - TensorFlow| = %s%n", width, height, outWidth, outHeight, max);
        assertThat(max).isLessThanOrEqualTo(RESIZE_TOLERANCE);
    }

    static Stream<Arguments> losslessImages() {
        return Stream.of(
                Arguments.of("PNG RGB", (Supplier<byte[]>) () -> encode(typed(BufferedImage.TYPE_3BYTE_BGR), "png")),
                Arguments.of("PNG RGBA", (Supplier<byte[]>) () -> encode(typed(BufferedImage.TYPE_4BYTE_ABGR), "png")),
                Arguments.of("PNG grey", (Supplier<byte[]>) () -> encode(typed(BufferedImage.TYPE_BYTE_GRAY), "png")),
                Arguments.of("PNG grey 16-bit", (Supplier<byte[]>) () -> encode(typed(BufferedImage.TYPE_USHORT_GRAY), "png")),
                Arguments.of("PNG RGB 16-bit", (Supplier<byte[]>) () -> encode(components(ColorSpace.CS_sRGB, false), "png")),
                Arguments.of("PNG grey+alpha", (Supplier<byte[]>) () -> encode(components(ColorSpace.CS_GRAY, true), "png")),
                Arguments.of("PNG palette+transparency", (Supplier<byte[]>) () -> encode(palette(8), "png")),
                Arguments.of("PNG 1-bit", (Supplier<byte[]>) () -> encode(typed(BufferedImage.TYPE_BYTE_BINARY), "png")),
                Arguments.of("BMP", (Supplier<byte[]>) () -> encode(typed(BufferedImage.TYPE_3BYTE_BGR), "bmp")),
                Arguments.of("GIF", (Supplier<byte[]>) () -> encode(palette(8), "gif")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losslessImages")
    void losslessFormatsDecodeToTensorFlowsExactSamples(String kind, Supplier<byte[]> file) throws Exception {
        byte[] data = file.get();
        assertSameImage(kind, decoder.decode(data), TensorFlowImageOps.decodeImage(data), 0);
    }

    static Stream<Arguments> jpegs() {
        return Stream.of(
                Arguments.of("baseline 4:2:0", (Supplier<byte[]>) () -> TestJpegs.baseline(photo(96, 64), 0.9f)),
                Arguments.of("progressive", (Supplier<byte[]>) () -> TestJpegs.progressive(photo(96, 64))),
                Arguments.of("grey", (Supplier<byte[]>) () -> encode(typed(BufferedImage.TYPE_BYTE_GRAY), "jpg")),
                Arguments.of("CMYK, Adobe", (Supplier<byte[]>) () -> TestJpegs.fourComponent(bands(48, 32), 0, 0.9f)),
                Arguments.of("CMYK, no Adobe marker", (Supplier<byte[]>) () -> TestJpegs.fourComponent(bands(48, 32), -1, 0.9f)),
                Arguments.of("YCCK", (Supplier<byte[]>) () -> TestJpegs.fourComponent(bands(48, 32), 2, 0.9f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jpegs")
    void jpegsDecodeToTensorFlowsSamplesWithTheAccurateIdct(String kind, Supplier<byte[]> file) throws Exception {
        byte[] data = file.get();
        RgbImage java = decoder.decode(data);
        assertSameImage(kind + ", INTEGER_ACCURATE", java, TensorFlowImageOps.decodeJpeg(data, "INTEGER_ACCURATE"), 0);
        // TensorFlow's default IDCT is the fast one, which ImageIO does not offer: a known, bounded difference.
        RgbImage fast = TensorFlowImageOps.decodeJpeg(data, "");
        assertSameImage(kind + ", TensorFlow's default IDCT", java, fast, 16);
    }

    @Test
    void wholePipelineMatchesKerasOnAPhotoSizedJpeg() throws Exception {
        byte[] jpeg = TestJpegs.baseline(photo(1600, 1200), 0.9f);
        float[] java = BilinearResizer.resize(decoder.decode(jpeg), 256, 256);
        float[] accurate = TensorFlowImageOps.resizeBilinear(TensorFlowImageOps.decodeJpeg(jpeg, "INTEGER_ACCURATE"), 256, 256);
        assertThat(maxAbsDifference(java, accurate)).as("against TensorFlow with the accurate IDCT").isZero();

        float[] keras = TensorFlowImageOps.resizeBilinear(TensorFlowImageOps.decodeImage(jpeg), 256, 256);
        float max = maxAbsDifference(java, keras);
        double mean = meanAbsDifference(java, keras);
        double bias = 0;
        for (int i = 0; i < java.length; i++) {
            bias += (java[i] - keras[i]) / java.length;
        }
        System.out.printf("JPEG 1600x1200 -> 256x256 tensor vs decode_image + resize: max %.4f, mean %.4f, mean signed %.4f%n",
                max, mean, bias);
        // All of it is the IDCT difference above. It is biased (the fast IDCT comes out darker on this content), so
        // resizing does not average it away.
        assertThat(mean).isLessThan(1.5);
        assertThat(max).isLessThan(8f);
    }

    private static void assertSameImage(String kind, RgbImage java, RgbImage tf, int tolerance) {
        assertThat(java.width()).as(kind + " width").isEqualTo(tf.width());
        assertThat(java.height()).as(kind + " height").isEqualTo(tf.height());
        int max = 0;
        long sum = 0;
        for (int i = 0; i < java.pixels().length; i++) {
            int d = Math.abs((java.pixels()[i] & 0xff) - (tf.pixels()[i] & 0xff));
            max = Math.max(max, d);
            sum += d;
        }
        System.out.printf("decode %s: max |Java - TensorFlow| = %d, mean %.4f%n", kind, max, (double) sum / java.pixels().length);
        assertThat(max).as(kind + ": largest sample difference").isLessThanOrEqualTo(tolerance);
    }

    private static float maxAbsDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double meanAbsDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static RgbImage noise(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new Random(seed).nextBytes(px);
        return new RgbImage(w, h, px);
    }

    /** Smooth gradients plus a little noise: JPEG-friendly content, like a photo. */
    private static BufferedImage photo(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(w * 7L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = clamp(255 * x / w + random.nextInt(21) - 10);
                int g = clamp(255 * y / h + random.nextInt(21) - 10);
                int b = clamp(128 + (int) (100 * Math.sin(x / 9.0 + y / 13.0)) + random.nextInt(21) - 10);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static BufferedImage typed(int type) {
        BufferedImage img = new BufferedImage(37, 23, type);
        fillRandom(img.getRaster(), 9);
        return img;
    }

    private static BufferedImage components(int colorSpace, boolean alpha) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(colorSpace), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(37, 23);
        fillRandom(raster, 10);
        return new BufferedImage(cm, raster, false, null);
    }

    private static BufferedImage palette(int bits) {
        int size = 1 << bits;
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        Random random = new Random(12);
        random.nextBytes(r);
        random.nextBytes(g);
        random.nextBytes(b);
        BufferedImage img = new BufferedImage(37, 23, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(bits, size, r, g, b, 3)); // entry 3 transparent
        fillRandom(img.getRaster(), 13);
        return img;
    }

    private static WritableRaster bands(int w, int h) {
        WritableRaster raster = TestJpegs.fourBands(w, h, new int[4], new int[4]);
        fillRandom(raster, 14);
        return raster;
    }

    private static void fillRandom(WritableRaster raster, long seed) {
        Random random = new Random(seed);
        for (int band = 0; band < raster.getNumBands(); band++) {
            int bound = 1 << raster.getSampleModel().getSampleSize(band);
            for (int y = 0; y < raster.getHeight(); y++) {
                for (int x = 0; x < raster.getWidth(); x++) {
                    raster.setSample(x, y, band, random.nextInt(bound));
                }
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no " + format + " writer for " + img);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
