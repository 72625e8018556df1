package io.breedline.worker.decode;

import java.util.Objects;

/**
 * A decoded image as 8-bit RGB, row-major, channels interleaved ({@code r,g,b,r,g,b,...}).
 *
 * @param pixels {@code width * height * 3} bytes, read as unsigned
 */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image must be at least 1x1, was " + width + "x" + height);
        }
        if (pixels.length != (long) width * height * 3) {
            throw new IllegalArgumentException(
                    "a " + width + "x" + height + " RGB image has " + (long) width * height * 3 + " bytes, not " + pixels.length);
        }
    }

    /** Channel {@code c} of the pixel at column {@code x}, row {@code y}, in 0..255. */
    public int sample(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xff;
    }
}
