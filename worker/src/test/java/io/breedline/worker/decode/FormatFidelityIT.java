package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.testkit.GridHeif;
import io.breedline.testkit.ImageTools;
import io.breedline.testkit.SyntheticPhotos;
import io.breedline.worker.decode.helper.HelperDecoder;
import io.breedline.worker.decode.helper.HelperOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEIC, AVIF and WebP files made at test time by the real encoders, decoded by the worker and by each format's
 * reference decoder (heif-convert, avifdec, dwebp): the pixels must agree within 1 level in 255 on average, at full
 * size. The references write PNG, read here as stored (16-bit PNGs by their high byte).
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
        decoder.close();
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
    void tiledHeicIsDecodedWholeLikeHeifConvert() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        byte[] grid = GridHeif.grid(tiles(2, 2, 128, 96), 2, 2, 256, 192, 0);
        Files.write(dir.resolve("grid.heic"), grid);
        ImageTools.run(dir, "heif-convert", "grid.heic", "grid-ref.png");
        RgbImage decoded = decode("grid.heic");
        assertThat(decoded.width()).isEqualTo(256);
        assertThat(decoded.height()).isEqualTo(192);
        assertClose(decoded, reference("grid-ref.png"), "tiled HEIC (2x2 grid)");
        // Each tile in its place: against the photo the tiles were cut from, only the lossy coding's error remains.
        double fromSource = meanDifference(decoded, reference("grid-src.png"));
        System.out.printf("tiled HEIC: mean difference %.4f from the photo its tiles were cut from%n", fromSource);
        assertThat(fromSource).isLessThan(8.0);
    }

    @Test
    void theContainersRotationIsAppliedOnce() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        byte[] rotated = GridHeif.grid(tiles(1, 2, 128, 96), 1, 2, 256, 96, 1);
        Files.write(dir.resolve("irot.heic"), rotated);
        ImageTools.run(dir, "heif-convert", "irot.heic", "irot-ref.png");
        DecodedImage decoded = decoder.decodeDetailed(rotated);
        // irot 1: a quarter turn anticlockwise, so the 256x96 grid is shown 96 wide and 256 high.
        assertThat(decoded.image().width()).isEqualTo(96);
        assertThat(decoded.image().height()).isEqualTo(256);
        assertThat(decoded.orientation()).isEqualTo(Orientation.NORMAL);
        assertClose(decoded.image(), reference("irot-ref.png"), "HEIC with irot");
    }

    // heif-enc copies a JPEG's Exif block (orientation 6 here) into the HEIC without turning the pixels or adding an
    // irot: viewers follow the container, not the EXIF, and so must the worker (heif-convert does the same).
    @Test
    void theExifOrientationInsideAHeicIsNotApplied() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        byte[] jpeg = TestJpegs.withSegment(TestJpegs.baseline(SyntheticPhotos.photo(160, 96, 6, false), 0.95f), 0xE1,
                TestJpegs.exifOrientation(6, false));
        Files.write(dir.resolve("exif6.jpg"), jpeg);
        ImageTools.run(dir, "heif-enc", "-q", "85", "-o", "exif6.heic", "exif6.jpg");
        ImageTools.run(dir, "heif-convert", "exif6.heic", "exif6-ref.png");
        RgbImage decoded = decode("exif6.heic");
        assertThat(decoded.width()).isEqualTo(160);
        assertThat(decoded.height()).isEqualTo(96);
        assertClose(decoded, reference("exif6-ref.png"), "HEIC carrying EXIF orientation 6");
    }

    /** Tiles of a photo, each encoded by heif-enc, row by row; the whole photo is written as grid-src.png. */
    private static List<byte[]> tiles(int rows, int columns, int tileWidth, int tileHeight) throws Exception {
        BufferedImage whole = SyntheticPhotos.photo(columns * tileWidth, rows * tileHeight, 8, false);
        write(whole, "grid-src.png");
        List<byte[]> tiles = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                String name = "tile-" + rows + columns + "-" + r + c;
                write(whole.getSubimage(c * tileWidth, r * tileHeight, tileWidth, tileHeight), name + ".png");
                ImageTools.run(dir, "heif-enc", "-q", "90", "-o", name + ".heic", name + ".png");
                tiles.add(Files.readAllBytes(dir.resolve(name + ".heic")));
            }
        }
        return tiles;
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

    // libwebp decodes as dwebp does by default ("fancy" upsampling of the chroma).
    @Test
    void lossyWebpMatchesDwebp() throws Exception {
        ImageTools.require("cwebp", "webp");
        ImageTools.run(dir, "cwebp", "-quiet", "-q", "80", photo.toString(), "-o", "f.webp");
        ImageTools.run(dir, "dwebp", "-quiet", "f.webp", "-o", "f-ref.png");
        DecodedImage webp = decoder.decodeDetailed(Files.readAllBytes(dir.resolve("f.webp")));
        assertThat(webp.format()).isEqualTo("WebP");
        assertClose(webp.image(), reference("f-ref.png"), "lossy WebP");
    }

    // Without libwebp, TwelveMonkeys decodes WebP: it upsamples chroma the simple way (each chroma sample to its 2x2
    // pixels), as dwebp -nofancy does. The test holds it to that and prints its distance from dwebp's default.
    @Test
    void withoutLibwebpTwelveMonkeysMatchesDwebpNofancy() throws Exception {
        ImageTools.require("cwebp", "webp");
        ImageTools.run(dir, "cwebp", "-quiet", "-q", "80", photo.toString(), "-o", "t.webp");
        ImageTools.run(dir, "dwebp", "-quiet", "-nofancy", "t.webp", "-o", "t-nofancy.png");
        ImageTools.run(dir, "dwebp", "-quiet", "t.webp", "-o", "t-fancy.png");
        try (ImageDecoder withoutLibwebp = new ImageDecoder(100_000_000L, new HelperDecoder(100_000_000L,
                new HelperOptions(HelperDecoder.DEFAULT_LIBRARY, "libwebp-not-installed.so.7", Duration.ofSeconds(60))))) {
            RgbImage twelveMonkeys = withoutLibwebp.decode(Files.readAllBytes(dir.resolve("t.webp")));
            assertClose(twelveMonkeys, reference("t-nofancy.png"), "lossy WebP through TwelveMonkeys");
            System.out.printf("lossy WebP through TwelveMonkeys: mean difference %.4f from dwebp's default (fancy)%n",
                    meanDifference(twelveMonkeys, reference("t-fancy.png")));
        }
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
        ImageTools.run(dir, "dwebp", "-quiet", "h.webp", "-o", "h-ref.png");
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

    // The reference PNG's pixels as stored: heif-convert copies the HEIC's Exif block (orientation included) into its
    // PNG, which must not turn the reference.
    private static RgbImage reference(String name) throws Exception {
        return ImageDecoder.toRgb(ImageIO.read(dir.resolve(name).toFile()));
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
