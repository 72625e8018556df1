package io.breedline.testkit;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.awt.color.ColorSpace;
import java.awt.image.ComponentColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Photo-like test images: smooth gradients, edges and grain, so codecs have both flat areas and detail to code. */
public final class SyntheticPhotos {
    private SyntheticPhotos() {}

    /** An RGB (or RGBA, alpha a gradient with a fully transparent corner) image, the same for the same seed. */
    public static BufferedImage photo(int w, int h, long seed, boolean alpha) {
        BufferedImage image = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        double cx = w * (0.3 + 0.4 * random.nextDouble());
        double cy = h * (0.3 + 0.4 * random.nextDouble());
        int hue = random.nextInt(256);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.hypot(x - cx, y - cy) / Math.hypot(w, h);
                boolean inside = d < 0.2;
                int r = clamp((int) (255 * x / (double) w) + (inside ? 40 : 0) + random.nextInt(9) - 4);
                int g = clamp((int) (200 * (1 - d)) + hue / 4 + random.nextInt(9) - 4);
                int b = clamp((inside ? 220 : 60) + (int) (60 * Math.sin(y / 9.0)) + random.nextInt(9) - 4);
                int a = alpha ? (x < w / 8 && y < h / 8 ? 0 : clamp(128 + 127 * y / h)) : 255;
                image.setRGB(x, y, (a << 24) | (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /** The image as a 16-bit RGB PNG (each 8-bit sample v stored as v * 257). */
    public static byte[] png16(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, w, h, 3, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                raster.setPixel(x, y, new int[] {((rgb >> 16) & 0xff) * 257, ((rgb >> 8) & 0xff) * 257, (rgb & 0xff) * 257});
            }
        }
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage deep = new BufferedImage(cm, raster, false, null);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(deep, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
