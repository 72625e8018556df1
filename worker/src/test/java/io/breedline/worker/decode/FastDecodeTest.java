package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the fast path's model input is from the exact path's, on 12-megapixel (4032x3024) quality-90 JPEGs: a
 * synthetic photo-like image always, and the sample photos of ../shared/samples scaled up when they are there.
 *
 * <p>The bound: {@value #MEAN_BOUND} levels in 255 mean absolute difference per sample (measured when written: 0.6,
 * 1.0, 1.7 and 4.6 on the four sample photos, 2.6 on the synthetic one). The two paths differ in what a 256-pixel
 * output stands for: the exact path's bilinear resize without antialiasing reads 4 of the ~190 source pixels each
 * output covers, the fast path averages 8x8 blocks first (and its chroma, subsampled 2x2 in the file, comes from
 * 16x16 blocks). On smooth areas both give the same value; at edges and on texture the exact path aliases, so the
 * difference is largest on photos with hard, coloured edges. A user who needs the exact tensor sets
 * BREEDLINE_DECODE_MODE=exact.
 */
class FastDecodeTest {
    private static final Logger log = LoggerFactory.getLogger(FastDecodeTest.class);
    static final double MEAN_BOUND = 5.0;
    // Same integer IDCT and upsampling as javax.imageio: a full-scale decode differs by rounding at most.
    static final double SMALL_MEAN_BOUND = 0.5;
    private static final int SIZE = 256;
    private static final long MAX_PIXELS = 100_000_000L;

    private static ModelInputDecoder fast;
    private static ModelInputDecoder exact;

    @BeforeAll
    static void decoders() {
        fast = new ModelInputDecoder(MAX_PIXELS, DecodeMode.FAST);
        exact = new ModelInputDecoder(MAX_PIXELS, DecodeMode.EXACT);
    }

    @AfterAll
    static void close() {
        fast.close();
        exact.close();
    }

    @Test
    void theRatioIsTheLargestThatStillCoversTheInput() {
        assertThat(ScaledJpegDecoder.ratioFor(4032, 3024, Orientation.NORMAL, SIZE, SIZE)).isEqualTo(8);
        assertThat(ScaledJpegDecoder.ratioFor(2048, 2048, Orientation.NORMAL, SIZE, SIZE)).isEqualTo(8);
        // 2047 / 8 rounds up to 256: libjpeg's scaled size still covers the input.
        assertThat(ScaledJpegDecoder.ratioFor(2041, 2041, Orientation.NORMAL, SIZE, SIZE)).isEqualTo(8);
        assertThat(ScaledJpegDecoder.ratioFor(2040, 2040, Orientation.NORMAL, SIZE, SIZE)).isEqualTo(4);
        assertThat(ScaledJpegDecoder.ratioFor(1600, 900, Orientation.NORMAL, SIZE, SIZE)).isEqualTo(2);
        assertThat(ScaledJpegDecoder.ratioFor(500, 375, Orientation.NORMAL, SIZE, SIZE)).isEqualTo(1);
        // A tall input on an image stored sideways: the stored width must cover the input's height.
        // A wide input: stored upright, 600 / 2 still covers its height; stored sideways, the 600 pixels become the
        // width and must cover 512, which no ratio does.
        assertThat(ScaledJpegDecoder.ratioFor(4096, 600, Orientation.NORMAL, 256, 512)).isEqualTo(2);
        assertThat(ScaledJpegDecoder.ratioFor(4096, 600, Orientation.ROTATED_90_CLOCKWISE, 256, 512)).isEqualTo(1);
    }

    @Test
    void aSmallJpegTakesTheFastPathAtFullScaleAndMatchesTheExactInput() throws Exception {
        ModelInputDecoder decoder = new ModelInputDecoder(MAX_PIXELS, DecodeMode.FAST);
        byte[] small = TestJpegs.baseline(photoLike(500, 375, 1), 0.9f);
        float[] fastInput = decoder.decode(small, SIZE, SIZE);
        assertThat(decoder.fastDecodes()).as("decoded by libjpeg-turbo").isEqualTo(1);
        double mean = meanAbsDifference(fastInput, exact.decode(small, SIZE, SIZE));
        log.info("synthetic 500x375 q90 at ratio 1: mean |fast - exact| = {} levels", mean);
        assertThat(mean).isLessThan(SMALL_MEAN_BOUND);
        decoder.close();
    }

    @Test
    void otherFormatsTakeTheExactPath() throws Exception {
        ModelInputDecoder decoder = new ModelInputDecoder(MAX_PIXELS, DecodeMode.FAST);
        byte[] png = encode(photoLike(1024, 1024, 2), "png");
        assertThat(decoder.decode(png, SIZE, SIZE)).isEqualTo(exact.decode(png, SIZE, SIZE));
        assertThat(decoder.fastDecodes()).isZero();
        assertThat(decoder.exactDecodes()).isEqualTo(1);
        decoder.close();
    }

    @Test
    void aTwelveMegapixelPhotoIsWithinTheBoundOfTheExactInput() throws Exception {
        byte[] jpeg = TestJpegs.baseline(photoLike(4032, 3024, 3), 0.9f);
        long before = fast.fastDecodes();
        double mean = meanAbsDifference(fast.decode(jpeg, SIZE, SIZE), exact.decode(jpeg, SIZE, SIZE));
        assertThat(fast.fastDecodes()).as("decoded by the fast path").isEqualTo(before + 1);
        log.info("synthetic 4032x3024 q90: mean |fast - exact| = {} levels", mean);
        assertThat(mean).isLessThan(MEAN_BOUND).isGreaterThan(0);
    }

    @Test
    void theSamplePhotosScaledToTwelveMegapixelsAreWithinTheBound() throws Exception {
        Path samples = Path.of("..", "..", "shared", "samples");
        List<Path> photos = new ArrayList<>();
        if (Files.isDirectory(samples)) {
            try (Stream<Path> files = Files.list(samples)) {
                files.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted().forEach(photos::add);
            }
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(photos.isEmpty(), "no sample photos in " + samples);
        double worst = 0;
        for (Path photo : photos) {
            BufferedImage original = ImageIO.read(photo.toFile());
            byte[] jpeg = TestJpegs.baseline(scaled(original, 4032, 3024), 0.9f);
            double mean = meanAbsDifference(fast.decode(jpeg, SIZE, SIZE), exact.decode(jpeg, SIZE, SIZE));
            log.info("{} scaled to 4032x3024 q90: mean |fast - exact| = {} levels", photo.getFileName(), mean);
            worst = Math.max(worst, mean);
        }
        assertThat(worst).isLessThan(MEAN_BOUND);
    }

    @Test
    void exifOrientationIsAppliedOnTheFastPath() throws Exception {
        // Wide stored pixels, bright on the left: turned 90 degrees clockwise, the bright side is at the top.
        BufferedImage stored = new BufferedImage(4032, 2048, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = stored.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 2016, 2048);
        g.setColor(Color.BLACK);
        g.fillRect(2016, 0, 2016, 2048);
        g.dispose();
        byte[] jpeg = TestJpegs.withSegment(TestJpegs.baseline(stored, 0.9f), 0xE1, TestJpegs.exifOrientation(6, true));
        long before = fast.fastDecodes();
        float[] upright = fast.decode(jpeg, SIZE, SIZE);
        assertThat(fast.fastDecodes()).isEqualTo(before + 1);
        assertThat(upright[(10 * SIZE + 128) * 3]).as("top middle").isGreaterThan(240f);
        assertThat(upright[(245 * SIZE + 128) * 3]).as("bottom middle").isLessThan(15f);
        assertThat(meanAbsDifference(upright, exact.decode(jpeg, SIZE, SIZE))).isLessThan(MEAN_BOUND);
    }

    @Test
    void damagedAndOversizedJpegsAreStillRefusedWithTheExactPathsReasons() throws Exception {
        byte[] jpeg = TestJpegs.baseline(photoLike(2048, 2048, 4), 0.9f);
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length / 3);
        assertThatThrownBy(() -> fast.decode(truncated, SIZE, SIZE)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("truncated or corrupt");
        ModelInputDecoder limited = new ModelInputDecoder(1_000_000L, DecodeMode.FAST);
        assertThatThrownBy(() -> limited.decode(jpeg, SIZE, SIZE)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("more than the limit of 1000000");
        assertThat(limited.fastDecodes()).isZero();
        limited.close();
    }

    // Gradients, shapes, fine stripes and noise: smooth areas and texture, as in a photo.
    static BufferedImage photoLike(int w, int h, long seed) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), w, h, new Color(230, 200, 120)));
        g.fillRect(0, 0, w, h);
        Random random = new Random(seed);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            int s = w / 20 + random.nextInt(w / 6);
            g.fillOval(random.nextInt(w), random.nextInt(h), s, s * 3 / 4);
        }
        g.dispose();
        byte[] pixels = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int v = (pixels[i] & 0xff) + (int) (random.nextGaussian() * 6);
            pixels[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return image;
    }

    static BufferedImage scaled(BufferedImage source, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static double meanAbsDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
