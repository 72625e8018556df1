package io.breedline.web.image;

import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodeMode;
import io.breedline.worker.decode.ModelInputDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The exact image the model received: the worker's {@link ModelInputDecoder} (EXIF orientation, the same decode path
 * and bilinear resize to the model's input), its floats written back as an RGB PNG.
 */
public final class ModelInputImage implements AutoCloseable {
    /** EfficientNetB3's input, as the original app fed it. */
    public static final int SIZE = 256;
    private final ModelInputDecoder decoder;

    public ModelInputImage(long maxPixels, DecodeMode mode) {
        this.decoder = new ModelInputDecoder(maxPixels, mode);
    }

    public byte[] png(byte[] photo) throws DecodeException {
        float[] nhwc = decoder.decode(photo, SIZE, SIZE);
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int i = (y * SIZE + x) * 3;
                img.setRGB(x, y, channel(nhwc[i]) << 16 | channel(nhwc[i + 1]) << 8 | channel(nhwc[i + 2]));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory", e);
        }
        return out.toByteArray();
    }

    private static int channel(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    @Override
    public void close() {
        decoder.close();
    }
}
