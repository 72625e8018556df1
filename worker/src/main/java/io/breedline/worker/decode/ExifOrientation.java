package io.breedline.worker.decode;

/**
 * Reads the orientation tag (0x0112) from IFD0 of a TIFF structure: the Exif block of a JPEG (APP1) or of a PNG
 * ({@code eXIf}) or a WebP ({@code EXIF} chunk), or a TIFF file itself.
 *
 * <p>Metadata is the least trustworthy part of an upload, so every read is bounds-checked and anything malformed,
 * missing or out of range means {@link Orientation#NORMAL}: bad EXIF never fails a decode.
 */
public final class ExifOrientation {
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int PNG_HEADER = 8;

    private ExifOrientation() {}

    /** The orientation a JPEG's Exif block records. */
    static Orientation ofJpeg(byte[] data, JpegHeader header) {
        return header.hasExif() ? ofTiff(data, header.exifOffset(), header.exifLength()) : Orientation.NORMAL;
    }

    /** The orientation a PNG's {@code eXIf} chunk records. */
    static Orientation ofPng(byte[] data) {
        long pos = PNG_HEADER;
        while (pos + 8 <= data.length) {
            int at = (int) pos;
            long length = u32(data, at, false);
            boolean exif = data[at + 4] == 'e' && data[at + 5] == 'X' && data[at + 6] == 'I' && data[at + 7] == 'f';
            if (exif && pos + 8 + length <= data.length) {
                return ofTiffMaybePrefixed(data, at + 8, (int) length);
            }
            if (data[at + 4] == 'I' && data[at + 5] == 'E' && data[at + 6] == 'N' && data[at + 7] == 'D') {
                break;
            }
            pos += 12 + length; // length, type, data, CRC
        }
        return Orientation.NORMAL;
    }

    /** The orientation a WebP's {@code EXIF} chunk records (RIFF chunks: a four-letter type, a little-endian size). */
    public static Orientation ofWebp(byte[] data) {
        long pos = 12; // "RIFF", file size, "WEBP"
        while (pos + 8 <= data.length) {
            int at = (int) pos;
            long length = u32(data, at + 4, true);
            if (data[at] == 'E' && data[at + 1] == 'X' && data[at + 2] == 'I' && data[at + 3] == 'F') {
                return pos + 8 + length <= data.length ? ofTiffMaybePrefixed(data, at + 8, (int) length) : Orientation.NORMAL;
            }
            pos += 8 + length + (length & 1); // chunks are padded to an even size
        }
        return Orientation.NORMAL;
    }

    // An Exif block is a bare TIFF structure, but some writers keep the "Exif\0\0" prefix of JPEG's APP1.
    private static Orientation ofTiffMaybePrefixed(byte[] data, int start, int len) {
        if (len >= 6 && data[start] == 'E' && data[start + 1] == 'x' && data[start + 2] == 'i'
                && data[start + 3] == 'f' && data[start + 4] == 0 && data[start + 5] == 0) {
            return ofTiff(data, start + 6, len - 6);
        }
        return ofTiff(data, start, len);
    }

    /** The orientation IFD0 of the TIFF structure in {@code data[offset, offset + length)} records. */
    static Orientation ofTiff(byte[] data, int offset, int length) {
        if (offset < 0 || length < 8 || (long) offset + length > data.length) {
            return Orientation.NORMAL;
        }
        boolean little;
        if (data[offset] == 'I' && data[offset + 1] == 'I') {
            little = true;
        } else if (data[offset] == 'M' && data[offset + 1] == 'M') {
            little = false;
        } else {
            return Orientation.NORMAL;
        }
        if (u16(data, offset + 2, little) != 42) {
            return Orientation.NORMAL;
        }
        long ifd = u32(data, offset + 4, little);
        if (ifd < 8 || ifd + 2 > length) {
            return Orientation.NORMAL;
        }
        int entries = u16(data, offset + (int) ifd, little);
        int first = offset + (int) ifd + 2;
        // Only entries that lie inside the block are read, whatever the count claims.
        int readable = Math.min(entries, (offset + length - first) / 12);
        for (int i = 0; i < readable; i++) {
            int entry = first + 12 * i;
            if (u16(data, entry, little) != ORIENTATION_TAG) {
                continue;
            }
            int type = u16(data, entry + 2, little);
            if (u32(data, entry + 4, little) < 1) {
                return Orientation.NORMAL;
            }
            // A SHORT sits at the start of the 4-byte value field; some writers use a LONG.
            long value = switch (type) {
                case TYPE_SHORT -> u16(data, entry + 8, little);
                case TYPE_LONG -> u32(data, entry + 8, little);
                default -> 0;
            };
            return Orientation.ofTag((int) Math.min(value, Integer.MAX_VALUE));
        }
        return Orientation.NORMAL;
    }

    private static int u16(byte[] data, int at, boolean little) {
        int a = data[at] & 0xff;
        int b = data[at + 1] & 0xff;
        return little ? (b << 8) | a : (a << 8) | b;
    }

    private static long u32(byte[] data, int at, boolean little) {
        long hi = u16(data, little ? at + 2 : at, little);
        long lo = u16(data, little ? at : at + 2, little);
        return (hi << 16) | lo;
    }
}
