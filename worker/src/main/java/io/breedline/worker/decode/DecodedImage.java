package io.breedline.worker.decode;

import java.util.Objects;

/**
 * A decoded image and how it was stored.
 *
 * @param format the container, as ImageIO names it ("JPEG", "PNG", ...), or "WebP", "HEIF", "AVIF"
 * @param storedWidth width of the pixels as stored, before {@code orientation} was applied (for HEIF and AVIF, whose
 *     container's rotation libheif applies, the upright width)
 * @param storedHeight height of the pixels as stored (likewise)
 * @param orientation the EXIF orientation that turned the stored pixels into {@code image} ({@code NORMAL} for HEIF
 *     and AVIF)
 * @param image the upright pixels
 */
public record DecodedImage(String format, int storedWidth, int storedHeight, Orientation orientation, RgbImage image) {
    public DecodedImage {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(orientation, "orientation");
        Objects.requireNonNull(image, "image");
    }
}
