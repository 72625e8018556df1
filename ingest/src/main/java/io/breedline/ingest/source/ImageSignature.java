package io.breedline.ingest.source;

import java.nio.charset.StandardCharsets;

/**
 * Whether a file's first bytes are those of an image format the worker decodes (JPEG, PNG, GIF, BMP, TIFF, WebP,
 * HEIC/HEIF, AVIF): how ingest takes a photo whose name has no extension, or the wrong one. The worker names what
 * it is given in its own, fuller way when it cannot decode it; this only has to say yes or no.
 */
public final class ImageSignature {
    /** Enough for every signature below, including an ISO media file's list of brands. */
    public static final int HEAD_BYTES = 64;

    private ImageSignature() {}

    public static boolean isImage(byte[] head) {
        return starts(head, 0, 0xFF, 0xD8, 0xFF)
                || starts(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)
                || starts(head, 0, 'G', 'I', 'F', '8')
                || (starts(head, 0, 'B', 'M') && head.length >= 18 && head[14] >= 12 && head[15] == 0) // DIB header size
                || starts(head, 0, 'I', 'I', 0x2A, 0x00) || starts(head, 0, 'M', 'M', 0x00, 0x2A)
                || (starts(head, 0, 'R', 'I', 'F', 'F') && starts(head, 8, 'W', 'E', 'B', 'P'))
                || heifBrand(head);
    }

    // An ISO base media file whose ftyp box names a HEIF or AVIF brand, as major or compatible brand.
    private static boolean heifBrand(byte[] head) {
        if (!starts(head, 4, 'f', 't', 'y', 'p')) {
            return false;
        }
        for (int at = 8; at + 4 <= head.length; at += 4) {
            switch (new String(head, at, 4, StandardCharsets.US_ASCII)) {
                case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis" -> {
                    return true;
                }
                default -> { }
            }
        }
        return false;
    }

    private static boolean starts(byte[] data, int at, int... magic) {
        if (data.length < at + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[at + i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
