package io.breedline.bench.fleet;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Tiny JPEGs on local disk: fetching and decoding them costs next to nothing, so the fleet measures Kafka, not JPEG. */
final class FleetImages {
    static final int COUNT = 64;

    private FleetImages() {}

    static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(7);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            BufferedImage img = new BufferedImage(StandInModel.INPUT_SIZE, StandInModel.INPUT_SIZE, BufferedImage.TYPE_INT_RGB);
            int rgb = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)).getRGB();
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, rgb ^ (random.nextInt(16) * 0x010101));
                }
            }
            Path file = dir.resolve("fleet-" + i + ".jpg");
            if (!ImageIO.write(img, "jpg", file.toFile())) {
                throw new IOException("no JPEG writer in this JRE");
            }
            files.add(file.toAbsolutePath());
        }
        return files;
    }
}
