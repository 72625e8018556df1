package io.breedline.web.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.testkit.TestImages;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailsTest {
    @TempDir
    Path dir;

    @Test
    void madeOnceThenServedFromDiskAndTheCacheStaysUnderItsCap() throws Exception {
        Thumbnails thumbs = new Thumbnails(dir, 1024 * 1024, 10_000_000);
        AtomicInteger reads = new AtomicInteger();
        byte[] photo = TestImages.jpeg(1000, 500, Color.ORANGE, 3, 60, 0.9f);
        String id = "0".repeat(32);

        byte[] first = thumbs.get(id, () -> {
            reads.incrementAndGet();
            return photo;
        });
        byte[] second = thumbs.get(id, () -> {
            reads.incrementAndGet();
            return photo;
        });

        assertThat(reads).hasValue(1);
        assertThat(second).isEqualTo(first);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(first));
        assertThat(img.getWidth()).isEqualTo(Thumbnails.MAX_SIDE);
        assertThat(img.getHeight()).isEqualTo(Thumbnails.MAX_SIDE / 2);

        // Fill past a small cap: the least recently used go first.
        Thumbnails small = new Thumbnails(dir, first.length * 3L + 10, 10_000_000);
        Files.setLastModifiedTime(dir.resolve(id + ".jpg"), FileTime.fromMillis(0));
        for (int i = 1; i <= 4; i++) {
            small.get(String.format("%032d", i), () -> photo);
        }
        long total = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
        }
        assertThat(total).isLessThanOrEqualTo(first.length * 3L + 10);
        assertThat(dir.resolve(id + ".jpg")).doesNotExist();
        assertThat(dir.resolve(String.format("%032d", 4) + ".jpg")).exists();
    }
}
