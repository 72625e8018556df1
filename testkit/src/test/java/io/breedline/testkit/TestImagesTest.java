package io.breedline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImagesTest {

    @Test
    void solidPngDecodesToExactlyItsColour() throws IOException {
        BufferedImage img = decode(TestImages.png(7, 5, new Color(10, 200, 30)));
        assertThat(img.getWidth()).isEqualTo(7);
        assertThat(img.getHeight()).isEqualTo(5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                assertThat(img.getRGB(x, y) & 0xFFFFFF).isEqualTo(0x0AC81E);
            }
        }
    }

    @Test
    void solidJpegDecodesCloseToItsColour() throws IOException {
        BufferedImage img = decode(TestImages.jpeg(64, 48, Color.RED));
        assertThat(img.getWidth()).isEqualTo(64);
        Color c = new Color(img.getRGB(32, 24));
        assertThat(c.getRed()).isGreaterThan(240);
        assertThat(c.getGreen()).isLessThan(15);
        assertThat(c.getBlue()).isLessThan(15);
    }

    @Test
    void noiseIsDeterministicPerSeedAndBounded() throws IOException {
        byte[] a = TestImages.png(32, 32, Color.GRAY, 42, 20);
        assertThat(TestImages.png(32, 32, Color.GRAY, 42, 20)).isEqualTo(a);
        assertThat(TestImages.png(32, 32, Color.GRAY, 43, 20)).isNotEqualTo(a);

        BufferedImage img = decode(a);
        int min = 255;
        int max = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int r = new Color(img.getRGB(x, y)).getRed();
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
        }
        assertThat(min).isGreaterThanOrEqualTo(128 - 20).isLessThan(128);
        assertThat(max).isLessThanOrEqualTo(128 + 20).isGreaterThan(128);
    }

    @Test
    void jpegQualityChangesSize() {
        byte[] low = TestImages.jpeg(128, 128, Color.BLUE, 1, 40, 0.2f);
        byte[] high = TestImages.jpeg(128, 128, Color.BLUE, 1, 40, 0.95f);
        assertThat(low.length).isLessThan(high.length);
        assertThatThrownBy(() -> TestImages.jpeg(8, 8, Color.BLUE, 1, 0, 1.5f))
                .hasMessageContaining("quality 1.5");
    }

    @Test
    void writesFilesAndBrokenImages(@TempDir Path dir) throws IOException {
        Path file = TestImages.writeJpeg(dir, "dogs/rex.jpg", 16, 16, Color.GREEN);
        assertThat(file).exists().hasParent(dir.resolve("dogs"));
        assertThat(decode(Files.readAllBytes(file)).getWidth()).isEqualTo(16);

        assertThat(ImageIO.read(new ByteArrayInputStream(TestImages.notAnImage()))).isNull();
        byte[] truncated = TestImages.truncatedJpeg(64, 64, Color.RED, 200);
        assertThat(truncated).hasSize(200);
        assertThat(truncated[0] & 0xFF).isEqualTo(0xFF);
        assertThat(truncated[1] & 0xFF).isEqualTo(0xD8);
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(img).isNotNull();
        return img;
    }
}
