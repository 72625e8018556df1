package io.breedline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.config.Settings;
import io.breedline.models.OracleModel;
import io.breedline.testkit.GridHeif;
import io.breedline.testkit.ImageTools;
import io.breedline.testkit.SyntheticPhotos;
import io.breedline.testkit.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./breedline label} on a folder as a phone archive holds it: JPEG, PNG, HEIC (single and tiled), AVIF, WebP
 * (lossy, lossless, alpha), a photo without an extension, and two files that are not photos. Every photo is labeled
 * and the two others counted by extension; without libheif the HEIC and AVIF photos are the only ones not labeled,
 * and their reason says what to install.
 */
class MixedPhotoArchiveIT {
    private static final List<String> PHOTOS = List.of("a.jpg", "b.png", "c.heic", "d-tiled.heic", "e.avif",
            "f-lossy.webp", "g-lossless.webp", "h-alpha.webp", "IMG_0042");

    @TempDir
    Path tmp;
    private Path photos;
    private Path model;

    @BeforeEach
    void makeTheArchive() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        ImageTools.require("avifenc", "libavif-bin");
        ImageTools.require("cwebp", "webp");
        photos = Files.createDirectories(tmp.resolve("phone"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.write(photos.resolve("a.jpg"), TestImages.jpeg(320, 240, OracleModel.colourOf(0)));
        Files.write(photos.resolve("b.png"), TestImages.png(320, 240, OracleModel.colourOf(1)));
        png(work, "c.png", OracleModel.colourOf(2), 320, 240, false);
        ImageTools.run(work, "heif-enc", "-q", "85", "-o", photos.resolve("c.heic").toString(), "c.png");
        List<byte[]> tiles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            png(work, "tile" + i + ".png", OracleModel.colourOf(3), 160, 120, false);
            ImageTools.run(work, "heif-enc", "-q", "85", "-o", "tile" + i + ".heic", "tile" + i + ".png");
            tiles.add(Files.readAllBytes(work.resolve("tile" + i + ".heic")));
        }
        Files.write(photos.resolve("d-tiled.heic"), GridHeif.grid(tiles, 2, 2, 320, 240, 0));
        png(work, "e.png", OracleModel.colourOf(4), 320, 240, false);
        ImageTools.run(work, "avifenc", "-s", "9", "e.png", photos.resolve("e.avif").toString());
        png(work, "f.png", OracleModel.colourOf(5), 320, 240, false);
        ImageTools.run(work, "cwebp", "-quiet", "-q", "80", "f.png", "-o", photos.resolve("f-lossy.webp").toString());
        png(work, "g.png", OracleModel.colourOf(6), 320, 240, false);
        ImageTools.run(work, "cwebp", "-quiet", "-lossless", "g.png", "-o", photos.resolve("g-lossless.webp").toString());
        png(work, "h.png", OracleModel.colourOf(7), 320, 240, true);
        ImageTools.run(work, "cwebp", "-quiet", "-exact", "-q", "80", "h.png", "-o", photos.resolve("h-alpha.webp").toString());
        Files.write(photos.resolve("IMG_0042"), TestImages.jpeg(320, 240, OracleModel.colourOf(0)));
        Files.writeString(photos.resolve("notes.txt"), "bring the leash");
        Files.write(photos.resolve("clip.mov"), new byte[] {0, 0, 0, 20, 'f', 't', 'y', 'p', 'q', 't', ' ', ' ', 0, 0, 0, 0});
        model = OracleModel.build(tmp.resolve("model"));
    }

    @Test
    void everyPhotoIsLabeledAndEveryOtherFileCounted() throws Exception {
        List<String> lines = label(Map.of(), 0);

        for (String photo : PHOTOS) {
            assertThat(lines).as(photo).anySatisfy(l -> assertThat(l).startsWith(photo + " ").doesNotContain("not labeled"));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .contains("labeled 9, dead letters 0 of 9 images; skipped 2: 1 .mov, 1 .txt (not images)"));
    }

    @Test
    void withoutLibheifOnlyHeicAndAvifAreNotLabeledAndTheySayWhatToInstall() throws Exception {
        // Exit status 3: some photos are dead letters (label's documented contract).
        List<String> lines = label(Map.of("BREEDLINE_LIBHEIF", "libheif-not-installed.so.1"), 3);

        for (String photo : PHOTOS) {
            boolean needsLibheif = photo.endsWith(".heic") || photo.endsWith(".avif");
            assertThat(lines).as(photo).anySatisfy(l -> {
                assertThat(l).startsWith(photo + " ");
                if (needsLibheif) {
                    assertThat(l).contains("not labeled", "apt-get install libheif1");
                } else {
                    assertThat(l).doesNotContain("not labeled");
                }
            });
        }
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .contains("labeled 6, dead letters 3 of 9 images; skipped 2: 1 .mov, 1 .txt (not images)"));
    }

    private List<String> label(Map<String, String> environment, int expectedExit) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        LabelOptions options = new LabelOptions(photos.toString(), Optional.of(model.toString()), Optional.empty(),
                tmp.resolve("out-" + environment.size()), 4, Duration.ofMillis(100), 3, 1, 2, Duration.ofMinutes(3), "auto");
        int code = new LocalRunner(options, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Settings.of(environment)).run();
        String printed = stdout.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(code).isEqualTo(expectedExit);
        return printed.lines().toList();
    }

    private static void png(Path dir, String name, Color colour, int w, int h, boolean alpha) throws Exception {
        BufferedImage image = alpha ? SyntheticPhotos.photo(w, h, 1, true) : new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = alpha ? image.getRGB(x, y) & 0xff000000 : 0xff000000;
                image.setRGB(x, y, a | (colour.getRGB() & 0xffffff));
            }
        }
        ImageIO.write(image, "png", dir.resolve(name).toFile());
    }
}
