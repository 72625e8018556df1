package io.breedline.web.image;

import io.breedline.worker.decode.BilinearResizer;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.ImageDecoder;
import io.breedline.worker.decode.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small JPEGs of photos, at most {@value #MAX_SIDE} pixels on the longer side, made from the source with the worker's
 * decoder (upright by EXIF) and kept on disk by image id. When the cache passes its size cap the least recently used
 * files go (a read touches a file's time).
 */
public final class Thumbnails {
    private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);
    public static final int MAX_SIDE = 320;

    private final Path dir;
    private final long capBytes;
    private final ImageDecoder decoder;
    // What the cache holds, counted once from disk and then kept up to date, so a new thumbnail does not list the folder.
    private long total = -1;

    public interface Source {
        byte[] read() throws Exception;
    }

    public Thumbnails(Path dir, long capBytes, long maxPixels) {
        this.dir = dir;
        this.capBytes = capBytes;
        this.decoder = new ImageDecoder(maxPixels);
    }

    /** The cached thumbnail of {@code imageId} (a 32-hex id: it names the file), made from {@code source} if missing. */
    public byte[] get(String imageId, Source source) throws Exception {
        if (!imageId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not an image id: " + imageId);
        }
        Path file = dir.resolve(imageId + ".jpg");
        if (Files.isRegularFile(file)) {
            try {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
                return Files.readAllBytes(file);
            } catch (IOException e) {
                log.debug("thumbnail {} went while being read; making it again", file, e);
            }
        }
        byte[] jpeg = make(source.read());
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, imageId, ".tmp");
        Files.write(tmp, jpeg);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        added(jpeg.length);
        return jpeg;
    }

    byte[] make(byte[] photo) throws DecodeException {
        RgbImage full = decoder.decode(photo);
        double scale = Math.min(1.0, MAX_SIDE / (double) Math.max(full.width(), full.height()));
        int w = Math.max(1, (int) Math.round(full.width() * scale));
        int h = Math.max(1, (int) Math.round(full.height() * scale));
        float[] pixels = BilinearResizer.resize(full, h, w);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                img.setRGB(x, y, c(pixels[i]) << 16 | c(pixels[i + 1]) << 8 | c(pixels[i + 2]));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a JPEG to memory", e);
        }
        return out.toByteArray();
    }

    private static int c(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    private synchronized void added(long bytes) throws IOException {
        if (total < 0) {
            total = 0;
            for (Path f : files()) {
                total += size(f);
            }
        } else {
            total += bytes;
        }
        if (total > capBytes) {
            trim();
        }
    }

    /** Deletes the least recently used thumbnails until the cache is within its cap. */
    synchronized void trim() throws IOException {
        List<Path> files = files();
        total = 0;
        for (Path f : files) {
            total += size(f);
        }
        List<Path> oldestFirst = files.stream().sorted(Comparator.comparing(Thumbnails::modified)).toList();
        for (Path f : oldestFirst) {
            if (total <= capBytes) {
                break;
            }
            total -= size(f);
            Files.deleteIfExists(f);
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jpg")).toList();
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
