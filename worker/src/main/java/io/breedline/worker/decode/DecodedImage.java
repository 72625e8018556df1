package io.breedline.worker.decode;

import java.util.Objects;

/**
 * A decoded image and how it was stored.
 *
 * @param format the container, as ImageIO names it ("JPEG", "PNG", ...)
 * @param storedWidth width of the pixels as stored, before {@code orientation} was applied
 * @param storedHeight height of the pixels as stored
 * @param orientation the EXIF orientation that turned the stored pixels into {@code image}
 * @param image the upright pixels
 */
public record DecodedImage(String format, int storedWidth, int storedHeight, Orientation orientation, RgbImage image) {
    public DecodedImage {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(orientation, "orientation");
        Objects.requireNonNull(image, "image");
    }
}
