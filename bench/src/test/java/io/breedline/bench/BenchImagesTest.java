package io.breedline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchImagesTest {
    @TempDir
    Path tmp;

    @Test
    void makesTheAskedNumberOfJpegsAtTheSetsSizeFromThePhotos() throws IOException {
        Path samples = Files.createDirectories(tmp.resolve("samples"));
        BufferedImage photo = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 20; x++) {
            for (int y = 0; y < 30; y++) {
                photo.setRGB(x, y, Color.RED.getRGB());
            }
        }
        ImageIO.write(photo, "png", samples.resolve("dog.png").toFile());
        Files.writeString(samples.resolve("breeds.txt"), "not a photo");

        BenchImages.ImageSet set = BenchImages.generate("small", samples, tmp.resolve("out"), 5, 64, 48);

        assertThat(set.files()).hasSize(5).allMatch(Files::isRegularFile);
        assertThat(set.files().get(0).getFileName().toString()).isEqualTo("small-00000.jpg");
        BufferedImage first = ImageIO.read(set.files().get(0).toFile());
        BufferedImage second = ImageIO.read(set.files().get(1).toFile());
        assertThat(first.getWidth()).isEqualTo(64);
        assertThat(first.getHeight()).isEqualTo(48);
        // The second is the mirrored variant: red on the right instead of the left.
        assertThat(new Color(first.getRGB(5, 24)).getRed()).isGreaterThan(200);
        assertThat(new Color(second.getRGB(58, 24)).getRed()).isGreaterThan(200);
        assertThat(new Color(second.getRGB(5, 24)).getRed()).isLessThan(60);
        assertThat(set.describe()).startsWith("5 JPEGs of 64x48 (quality 90)");
    }

    @Test
    void aFolderWithoutPhotosIsRefusedByName() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> BenchImages.generate("small", empty, tmp.resolve("out"), 1, 10, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--samples " + empty + ": no JPEG or PNG photos in it");
    }

    @Test
    void aMissingFolderIsRefusedWithWhereItWasLookedFor() {
        Path missing = Path.of("no-such-samples-folder");
        assertThatThrownBy(() -> BenchImages.generate("small", missing, tmp.resolve("out"), 1, 10, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--samples no-such-samples-folder (" + missing.toAbsolutePath() + "): no such folder");
    }
}
