package io.breedline.worker.decode;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Names what some bytes look like, so a refusal says "a PDF document" rather than "unknown format". */
final class FormatSniffer {
    private static final int SHOWN_BYTES = 8;

    private FormatSniffer() {}

    static String describe(byte[] data) {
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
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
        if (startsWith(data, 0, 'I', 'I', 0x2A, 0x00) || startsWith(data, 0, 'M', 'M', 0x00, 0x2A)) {
            return "TIFF";
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return "WebP";
        }
        if (startsWith(data, 4, 'f', 't', 'y', 'p')) {
            String brand = data.length >= 12 ? new String(data, 8, 4, StandardCharsets.US_ASCII) : "";
            return switch (brand) {
                case "heic", "heix", "hevc", "mif1", "msf1" -> "HEIF/HEIC";
                case "avif", "avis" -> "AVIF";
                default -> "an ISO media file (brand '" + brand.strip() + "')";
            };
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
            String head = new String(data, 0, Math.min(data.length, 24), StandardCharsets.UTF_8)
                    .replaceAll("\\s+", " ").strip();
            return "text starting with \"" + head + "\"";
        }
        return "unknown data starting with 0x" + HexFormat.of().formatHex(data, 0, Math.min(data.length, SHOWN_BYTES));
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
