package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(1_000_000);

    @Test
    void greyIsReplicatedNotColourManaged() throws Exception {
        BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        fill(grey.getRaster(), 128);
        RgbImage rgb = decoder.decode(encode(grey, "png"));
        assertThat(rgb.width()).isEqualTo(4);
        assertThat(rgb.height()).isEqualTo(3);
        // Java2D would treat the grey as linear light and give 186 here.
        assertPixel(rgb, 2, 1, 128, 128, 128);
    }

    @Test
    void sixteenBitGreyKeepsTheHighByte() throws Exception {
        BufferedImage grey16 = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        fill(grey16.getRaster(), 0x80C0);
        assertPixel(decoder.decode(encode(grey16, "png")), 1, 1, 0x80, 0x80, 0x80);
    }

    @Test
    void paletteEntriesAreLookedUp() throws Exception {
        byte[] r = {(byte) 255, 10};
        byte[] g = {0, 20};
        byte[] b = {0, 30};
        BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, r, g, b));
        indexed.getRaster().setSample(1, 0, 0, 1);
        RgbImage rgb = decoder.decode(encode(indexed, "png"));
        assertPixel(rgb, 0, 0, 255, 0, 0);
        assertPixel(rgb, 1, 0, 10, 20, 30);
    }

    @Test
    void alphaIsDroppedKeepingTheStoredColour() throws Exception {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, new Color(200, 100, 50, 0).getRGB());
        argb.setRGB(1, 0, new Color(1, 2, 3, 128).getRGB());
        RgbImage rgb = decoder.decode(encode(argb, "png"));
        assertPixel(rgb, 0, 0, 200, 100, 50);
        assertPixel(rgb, 1, 0, 1, 2, 3);
    }

    @Test
    void readsJpegAndBmp() throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new Color(0, 0, 255));
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        RgbImage jpeg = decoder.decode(encode(img, "jpg"));
        assertThat(jpeg.sample(8, 8, 2)).isGreaterThan(240);
        assertThat(jpeg.sample(8, 8, 0)).isLessThan(15);
        assertPixel(decoder.decode(encode(img, "bmp")), 3, 3, 0, 0, 255);
    }

    @Test
    void anEmptyFileSaysSo() {
        assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(DecodeException.class)
                .hasMessage("empty file (0 bytes)");
    }

    @Test
    void aTruncatedPngSaysSo() throws Exception {
        byte[] png = encode(noise(64, 64), "png");
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> decoder.decode(cut)).isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("PNG data is truncated or corrupt (" + cut.length + " bytes)");
    }

    @Test
    void aTruncatedJpegIsRefusedNotHalfGrey() throws Exception {
        byte[] jpeg = encode(noise(64, 64), "jpg");
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
        assertThatThrownBy(() -> decoder.decode(cut)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("JPEG").hasMessageContaining("truncated or corrupt");
    }

    @Test
    void randomBytesAreNotAnImage() {
        byte[] random = new byte[300];
        new Random(7).nextBytes(random);
        random[0] = (byte) 0xA5;
        random[1] = (byte) 0x3C;
        assertThatThrownBy(() -> decoder.decode(random)).isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("not an image this worker can read: detected unknown data starting with 0xa53c");
    }

    @Test
    void textIsNamedAsText() {
        byte[] text = "<html><body>404 Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> decoder.decode(text))
                .hasMessage("not an image this worker can read: detected text starting with \"<html><body>404 Not Foun\"");
    }

    @Test
    void knownFormatsJavaCannotReadAreNamed() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> decoder.decode(webp)).hasMessage("not an image this worker can read: detected WebP");
        byte[] pdf = "%PDF-1.7\n%\u00e2\u00e3".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> decoder.decode(pdf)).hasMessage("not an image this worker can read: detected a PDF document");
    }

    @Test
    void tooManyPixelsIsRefusedFromTheHeader() throws Exception {
        ImageDecoder small = new ImageDecoder(5_000);
        byte[] png = encode(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB), "png");
        assertThatThrownBy(() -> small.decode(png))
                .hasMessage("PNG image is 100x100 = 10000 pixels, more than the limit of 5000 (BREEDLINE_MAX_IMAGE_PIXELS)");
    }

    @Test
    void samplesOfOtherDepthsScaleTo8Bits() {
        assertThat(ImageDecoder.to8Bit(1, 1)).isEqualTo(255);
        assertThat(ImageDecoder.to8Bit(15, 4)).isEqualTo(255);
        assertThat(ImageDecoder.to8Bit(7, 4)).isEqualTo(119);
        assertThat(ImageDecoder.to8Bit(0xFFFF, 16)).isEqualTo(255);
        assertThat(ImageDecoder.to8Bit(0x00FF, 16)).isZero();
    }

    private static void fill(WritableRaster raster, int value) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setSample(x, y, 0, value);
            }
        }
    }

    private static BufferedImage noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            throw new IllegalStateException("no " + format + " writer for " + img);
        }
        return out.toByteArray();
    }

    private static void assertPixel(RgbImage img, int x, int y, int r, int g, int b) {
        assertThat(new int[] {img.sample(x, y, 0), img.sample(x, y, 1), img.sample(x, y, 2)})
                .as("pixel (%d,%d)", x, y).containsExactly(r, g, b);
    }
}
