package io.breedline.worker.decode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Names what some bytes look like, so a refusal says "a PDF document" rather than "unknown format". */
public final class FormatSniffer {

    private FormatSniffer() {}

    static boolean isJpeg(byte[] data) {
        return startsWith(data, 0, 0xFF, 0xD8, 0xFF);
    }

    static boolean isPng(byte[] data) {
        return startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
    }

    static boolean isTiff(byte[] data) {
        return startsWith(data, 0, 'I', 'I', 0x2A, 0x00) || startsWith(data, 0, 'M', 'M', 0x00, 0x2A);
    }

    public static boolean isWebp(byte[] data) {
        return startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P');
    }

    /** An animated WebP: its VP8X header's animation flag. libwebp's simple decoder refuses those. */
    public static boolean isAnimatedWebp(byte[] data) {
        return isWebp(data) && startsWith(data, 12, 'V', 'P', '8', 'X') && data.length > 20 && (data[20] & 0x02) != 0;
    }

    /** "AVIF" or "HEIF/HEIC" for the files libheif decodes, else empty. */
    public static String heifKind(byte[] data) {
        if (!startsWith(data, 4, 'f', 't', 'y', 'p')) {
            return "";
        }
        String kind = isoMedia(data);
        return kind.equals("AVIF") || kind.equals("HEIF/HEIC") ? kind : "";
    }

    static String describe(byte[] data) {
        if (isJpeg(data)) {
            return "JPEG";
        }
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G')) {
            return "PNG";
        }
        if (startsWith(data, 0, 'G', 'I', 'F', '8')) {
            return "GIF";
        }
        if (startsWith(data, 0, 'B', 'M')) {
            return "BMP";
        }
        if (isTiff(data)) {
            return "TIFF";
        }
        if (isWebp(data)) {
            return "WebP";
        }
        if (startsWith(data, 4, 'f', 't', 'y', 'p')) {
            return isoMedia(data);
        }
        if (startsWith(data, 0, 0xFF, 0x0A) || startsWith(data, 4, 'J', 'X', 'L', ' ')) {
            return "JPEG XL";
        }
        if (startsWith(data, 4, 'j', 'P', ' ', ' ') || startsWith(data, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return "JPEG 2000";
        }
        if (startsWith(data, 0, '8', 'B', 'P', 'S')) {
            return "a Photoshop document";
        }
        if (startsWith(data, 0, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (startsWith(data, 0, 'P', 'K', 0x03, 0x04)) {
            return "a ZIP archive";
        }
        if (startsWith(data, 0, 0x1F, 0x8B)) {
            return "gzip data";
        }
        if (looksLikeText(data)) {
            if (containsAscii(data, "<svg")) {
                return "an SVG drawing";
            }
            // Only the kind, never the content: a mis-pointed reference may name a file holding a secret, and dead
            // letters and logs are read by people who should not see it.
            return "text (" + data.length + " bytes)";
        }
        return "unknown binary data (" + data.length + " bytes, no known image signature)";
    }

    // An ISO base media file (HEIF, AVIF, MP4...): its ftyp box lists a major brand and compatible brands; AVIF files
    // often have the generic HEIF brand "mif1" as major brand and "avif" only among the compatible ones.
    private static String isoMedia(byte[] data) {
        long boxSize = ((data[0] & 0xffL) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        int end = (int) Math.min(Math.min(boxSize, data.length), 256);
        boolean heif = false;
        for (int at = 8; at + 4 <= end; at += 4) {
            if (at == 12) {
                continue; // minor version, between the major brand and the compatible brands
            }
            switch (new String(data, at, 4, StandardCharsets.US_ASCII)) {
                case "avif", "avis" -> {
                    return "AVIF";
                }
                case "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1" -> heif = true;
                default -> { }
            }
        }
        if (heif) {
            return "HEIF/HEIC";
        }
        String brand = data.length >= 12 ? new String(data, 8, 4, StandardCharsets.US_ASCII) : "";
        return "an ISO media file (brand '" + brand.strip() + "')";
    }

    private static boolean containsAscii(byte[] data, String ascii) {
        String head = new String(data, 0, Math.min(data.length, 1024), StandardCharsets.ISO_8859_1);
        return head.toLowerCase(Locale.ROOT).contains(ascii);
    }

    private static boolean startsWith(byte[] data, int at, int... magic) {
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

    private static boolean looksLikeText(byte[] data) {
        int n = Math.min(data.length, 512);
        for (int i = 0; i < n; i++) {
            int b = data[i] & 0xff;
            boolean control = b < 0x20 && b != '\n' && b != '\r' && b != '\t';
            if (control || b == 0x7f) {
                return false;
            }
        }
        return n > 0;
    }
}
