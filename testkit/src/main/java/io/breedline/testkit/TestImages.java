package io.breedline.testkit;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Images made in memory for tests, so no binary fixture is committed. The same arguments always give the same
 * bytes: noise comes from a seeded {@link Random}, adding to each channel of each pixel a value in
 * [-amplitude, +amplitude] (clamped to 0..255).
 */
public final class TestImages {
    public static final float JPEG_QUALITY_DEFAULT = 0.9f;

    private TestImages() {}

    /** An RGB image of one colour plus optional noise (amplitude 0 = solid). */
    public static BufferedImage image(int width, int height, Color color, long noiseSeed, int noiseAmplitude) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " must be at least 1x1");
        }
        if (noiseAmplitude < 0 || noiseAmplitude > 255) {
            throw new IllegalArgumentException("noise amplitude " + noiseAmplitude + " must be in 0..255");
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(noiseSeed);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = (noisy(color.getRed(), random, noiseAmplitude) << 16)
                        | (noisy(color.getGreen(), random, noiseAmplitude) << 8)
                        | noisy(color.getBlue(), random, noiseAmplitude);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }

    private static int noisy(int value, Random random, int amplitude) {
        if (amplitude == 0) {
            return value;
        }
        int v = value + random.nextInt(2 * amplitude + 1) - amplitude;
        return Math.max(0, Math.min(255, v));
    }

    /** A solid-colour JPEG at {@link #JPEG_QUALITY_DEFAULT}. */
    public static byte[] jpeg(int width, int height, Color color) {
        return jpeg(width, height, color, 0L, 0, JPEG_QUALITY_DEFAULT);
    }

    /** @param quality JPEG quality 0..1 */
    public static byte[] jpeg(int width, int height, Color color, long noiseSeed, int noiseAmplitude, float quality) {
        return encodeJpeg(image(width, height, color, noiseSeed, noiseAmplitude), quality);
    }

    /** A solid-colour PNG (lossless: every pixel decodes to exactly {@code color}). */
    public static byte[] png(int width, int height, Color color) {
        return png(width, height, color, 0L, 0);
    }

    public static byte[] png(int width, int height, Color color, long noiseSeed, int noiseAmplitude) {
        return encode(image(width, height, color, noiseSeed, noiseAmplitude), "png");
    }

    public static byte[] encodeJpeg(BufferedImage image, float quality) {
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality " + quality + " must be in 0..1");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode JPEG", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no ImageIO writer for format " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode " + format, e);
        }
        return out.toByteArray();
    }

    /** Bytes no image decoder accepts, for poison-message tests. */
    public static byte[] notAnImage() {
        return "this is not an image".getBytes(StandardCharsets.UTF_8);
    }

    /** The first {@code keep} bytes of a valid JPEG: a header that promises an image the data does not hold. */
    public static byte[] truncatedJpeg(int width, int height, Color color, int keep) {
        byte[] full = jpeg(width, height, color, 1L, 30, JPEG_QUALITY_DEFAULT);
        if (keep < 0 || keep >= full.length) {
            throw new IllegalArgumentException("keep " + keep + " must be in 0.." + (full.length - 1));
        }
        return Arrays.copyOf(full, keep);
    }

    public static Path writeJpeg(Path dir, String name, int width, int height, Color color) {
        return write(dir, name, jpeg(width, height, color));
    }

    public static Path writeJpeg(Path dir, String name, int width, int height, Color color, long noiseSeed,
            int noiseAmplitude, float quality) {
        return write(dir, name, jpeg(width, height, color, noiseSeed, noiseAmplitude, quality));
    }

    public static Path writePng(Path dir, String name, int width, int height, Color color) {
        return write(dir, name, png(width, height, color));
    }

    /** Writes {@code bytes} to {@code dir/name}, creating parent directories ({@code name} may contain '/'). */
    public static Path write(Path dir, String name, byte[] bytes) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write test image " + file, e);
        }
    }
}
