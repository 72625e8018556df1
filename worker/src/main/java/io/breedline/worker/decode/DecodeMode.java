package io.breedline.worker.decode;

import java.util.Locale;

/** {@code BREEDLINE_DECODE_MODE}: how JPEGs are decoded. */
public enum DecodeMode {
    /**
     * JPEGs are decoded by libjpeg-turbo ({@link ScaledJpegDecoder}), large ones scaled down in the DCT domain; other
     * formats, and JPEGs it refuses, as {@link #EXACT}.
     */
    FAST,
    /** Every image decoded at full size with javax.imageio, then resized: the reference preprocessing. */
    EXACT;

    public static final DecodeMode DEFAULT = FAST;

    public static DecodeMode parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fast" -> FAST;
            case "exact" -> EXACT;
            default -> throw new IllegalArgumentException("must be fast or exact");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
