package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEIC, AVIF and WebP files made at test time by the real encoders, decoded by the worker and by each format's
 * reference decoder (heif-convert, avifdec, dwebp): the pixels must agree within 1 level in 255 on average, at full
 * size. The references write PNG, which {@link ImageDecoder} reads exactly (16-bit PNGs by their high byte).
 */
class FormatFidelityIT {
    private static final double MAX_MEAN_DIFFERENCE = 1.0;

    @TempDir
    static Path dir;
    private static ImageDecoder decoder;
    private static Path photo;
    private static Path photo16;
    private static Path photoAlpha;

    @BeforeAll
    static void setUp() throws IOException {
        decoder = new ImageDecoder(100_000_000L);
        photo = write(SyntheticPhotos.photo(320, 214, 1, false), "photo.png");
        photoAlpha = write(SyntheticPhotos.photo(320, 214, 2, true), "alpha.png");
        photo16 = dir.resolve("photo16.png");
        Files.write(photo16, SyntheticPhotos.png16(SyntheticPhotos.photo(320, 214, 3, false)));
    }

    @AfterAll
    static void tearDown() {
        decoder.heif().close();
    }

    @Test
    void heicMatchesHeifConvert() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        ImageTools.run(dir, "heif-enc", "-q", "85", "-o", "a.heic", photo.toString());
        ImageTools.run(dir, "heif-convert", "a.heic", "a-ref.png");
        DecodedImage heic = decoder.decodeDetailed(Files.readAllBytes(dir.resolve("a.heic")));
        assertThat(heic.format()).isEqualTo("HEIF");
        assertClose(heic.image(), reference("a-ref.png"), "HEIC");
    }

    @Test
    void tenBitHeicIsReadAsEightBit() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        ImageTools.run(dir, "heif-enc", "-b", "10", "-q", "85", "-o", "b10.heic", photo16.toString());
        ImageTools.run(dir, "heif-convert", "b10.heic", "b10-ref.png");
        assertClose(decode("b10.heic"), reference("b10-ref.png"), "10-bit HEIC");
    }

    @Test
    void heicWithAlphaKeepsTheColour() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        ImageTools.run(dir, "heif-enc", "-q", "85", "-o", "c.heic", photoAlpha.toString());
        ImageTools.run(dir, "heif-convert", "c.heic", "c-ref.png");
        assertClose(decode("c.heic"), reference("c-ref.png"), "HEIC with alpha");
    }

    @Test
    void avifMatchesAvifdec() throws Exception {
        ImageTools.require("avifenc", "libavif-bin");
        ImageTools.run(dir, "avifenc", "-s", "8", "--min", "10", "--max", "30", photo.toString(), "d.avif");
        ImageTools.run(dir, "avifdec", "d.avif", "d-ref.png");
        DecodedImage avif = decoder.decodeDetailed(Files.readAllBytes(dir.resolve("d.avif")));
        assertThat(avif.format()).isEqualTo("AVIF");
        assertClose(avif.image(), reference("d-ref.png"), "AVIF");
    }

    @Test
    void tenBitAvifMatchesAvifdec() throws Exception {
        ImageTools.require("avifenc", "libavif-bin");
        ImageTools.run(dir, "avifenc", "-s", "8", "-d", "10", "--min", "10", "--max", "30", photo16.toString(), "e10.avif");
        ImageTools.run(dir, "avifdec", "-d", "16", "e10.avif", "e10-ref.png");
        assertClose(decode("e10.avif"), reference("e10-ref.png"), "10-bit AVIF");
    }

    // TwelveMonkeys upsamples chroma the simple way (each chroma sample to its 2x2 pixels), as dwebp -nofancy does;
    // dwebp's default "fancy" upsampling interpolates. The test holds the decoder to dwebp's simple output and prints
    // the distance from the fancy one (docs/image-formats.md gives both).
    @Test
    void lossyWebpMatchesDwebp() throws Exception {
        ImageTools.require("cwebp", "webp");
        ImageTools.run(dir, "cwebp", "-quiet", "-q", "80", photo.toString(), "-o", "f.webp");
        ImageTools.run(dir, "dwebp", "-quiet", "-nofancy", "f.webp", "-o", "f-ref.png");
        ImageTools.run(dir, "dwebp", "-quiet", "f.webp", "-o", "f-fancy.png");
        DecodedImage webp = decoder.decodeDetailed(Files.readAllBytes(dir.resolve("f.webp")));
        assertThat(webp.format()).isEqualTo("WebP");
        assertClose(webp.image(), reference("f-ref.png"), "lossy WebP");
        System.out.printf("lossy WebP: mean difference %.4f from dwebp's default (fancy) upsampling%n",
                meanDifference(webp.image(), reference("f-fancy.png")));
    }

    @Test
    void losslessWebpIsExact() throws Exception {
        ImageTools.require("cwebp", "webp");
        ImageTools.run(dir, "cwebp", "-quiet", "-lossless", photo.toString(), "-o", "g.webp");
        assertThat(decode("g.webp").pixels()).isEqualTo(reference("photo.png").pixels());
    }

    @Test
    void webpWithAlphaMatchesDwebp() throws Exception {
        ImageTools.require("cwebp", "webp");
        ImageTools.run(dir, "cwebp", "-quiet", "-exact", "-q", "80", photoAlpha.toString(), "-o", "h.webp");
        ImageTools.run(dir, "dwebp", "-quiet", "-nofancy", "h.webp", "-o", "h-ref.png");
        assertClose(decode("h.webp"), reference("h-ref.png"), "WebP with alpha");
    }

    @Test
    void animatedWebpGivesItsFirstFrame() throws Exception {
        ImageTools.require("img2webp", "webp");
        Path second = write(SyntheticPhotos.photo(320, 214, 9, false), "second.png");
        ImageTools.run(dir, "img2webp", "-lossless", photo.toString(), second.toString(), "-o", "anim.webp");
        assertThat(decode("anim.webp").pixels()).isEqualTo(reference("photo.png").pixels());
    }

    private static RgbImage decode(String name) throws Exception {
        return decoder.decode(Files.readAllBytes(dir.resolve(name)));
    }

    private static RgbImage reference(String name) throws Exception {
        return decoder.decode(Files.readAllBytes(dir.resolve(name)));
    }

    private static double meanDifference(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
        }
        return (double) sum / a.pixels().length;
    }

    private static void assertClose(RgbImage actual, RgbImage expected, String what) {
        assertThat(actual.width()).as(what + " width").isEqualTo(expected.width());
        assertThat(actual.height()).as(what + " height").isEqualTo(expected.height());
        long sum = 0;
        int max = 0;
        byte[] a = actual.pixels();
        byte[] e = expected.pixels();
        for (int i = 0; i < a.length; i++) {
            int d = Math.abs((a[i] & 0xff) - (e[i] & 0xff));
            sum += d;
            max = Math.max(max, d);
        }
        double mean = (double) sum / a.length;
        System.out.printf("%s: mean difference %.4f, max %d levels, %dx%d%n", what, mean, max, actual.width(),
                actual.height());
        assertThat(mean).as(what + ": mean difference from the reference decoder (max " + max + ")")
                .isLessThanOrEqualTo(MAX_MEAN_DIFFERENCE);
    }

    private static Path write(BufferedImage image, String name) throws IOException {
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

}
