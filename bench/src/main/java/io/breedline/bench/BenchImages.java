package io.breedline.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The benchmark's image sets, made from the sample photos: each photo scaled (bicubic) to the set's size, plain and
 * mirrored, encoded once as a JPEG, then written as many times as the set needs under distinct names. Nothing is kept
 * in the repository; the files go to a temporary folder.
 */
final class BenchImages {
    /** An image set: its files and what they are. */
    record ImageSet(String name, int width, int height, List<Path> files, long bytes) {
        String describe() {
            return files.size() + " JPEGs of " + width + "x" + height + " (quality 90), " + bytes / files.size() / 1024
                    + " KiB on average";
        }
    }

    static final float QUALITY = 0.9f;

    private BenchImages() {}

    static ImageSet generate(String name, Path samples, Path dir, int count, int width, int height) throws IOException {
        List<BufferedImage> photos = readSamples(samples);
        List<byte[]> variants = new ArrayList<>();
        for (BufferedImage photo : photos) {
            variants.add(jpeg(scaled(photo, width, height, false)));
            variants.add(jpeg(scaled(photo, width, height, true)));
        }
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            byte[] data = variants.get(i % variants.size());
            Path file = dir.resolve(String.format("%s-%05d.jpg", name, i));
            Files.write(file, data);
            files.add(file);
            bytes += data.length;
        }
        return new ImageSet(name, width, height, List.copyOf(files), bytes);
    }

    private static List<BufferedImage> readSamples(Path samples) throws IOException {
        // A relative default (../shared/samples) depends on where the command runs, so say where it looked.
        if (!Files.isDirectory(samples)) {
            throw new IllegalArgumentException("--samples " + samples + " (" + samples.toAbsolutePath().normalize()
                    + "): no such folder; the benchmark makes its images from the photos in it");
        }
        List<BufferedImage> photos = new ArrayList<>();
        try (Stream<Path> files = Files.list(samples)) {
            for (Path p : files.sorted().toList()) {
                String lower = p.getFileName().toString().toLowerCase();
                if (lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png")) {
                    BufferedImage image = ImageIO.read(p.toFile());
                    if (image != null) {
                        photos.add(image);
                    }
                }
            }
        }
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("--samples " + samples + ": no JPEG or PNG photos in it to make the benchmark images from");
        }
        return photos;
    }

    private static BufferedImage scaled(BufferedImage source, int w, int h, boolean mirrored) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        if (mirrored) {
            g.drawImage(source, w, 0, -w, h, null);
        } else {
            g.drawImage(source, 0, 0, w, h, null);
        }
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }
}
