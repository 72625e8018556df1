package io.breedline.worker.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * What the marker segments before a JPEG's first scan say: the Exif block, the Adobe APP14 colour transform, the
 * frame's component count and where embedded ICC profiles are. libjpeg decides a file's colour space from these, so
 * the worker can decide the same way where ImageIO's colour handling differs from TensorFlow's.
 *
 * <p>The scan is bounded by the data and never throws: a malformed header yields whatever was read before the damage,
 * and the decoder proper reports the damage.
 */
final class JpegHeader {
    /** {@link #adobeTransform()} when the file has no Adobe APP14 segment. */
    static final int NO_ADOBE = -1;

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;

    private final int adobeTransform;
    private final int components;
    private final int width;
    private final int height;
    private final int exifOffset;
    private final int exifLength;
    private final List<int[]> iccSegments;

    private JpegHeader(int adobeTransform, int components, int width, int height, int exifOffset, int exifLength,
            List<int[]> iccSegments) {
        this.adobeTransform = adobeTransform;
        this.components = components;
        this.width = width;
        this.height = height;
        this.exifOffset = exifOffset;
        this.exifLength = exifLength;
        this.iccSegments = iccSegments;
    }

    static JpegHeader scan(byte[] data) {
        int adobe = NO_ADOBE;
        int components = 0;
        int width = 0;
        int height = 0;
        List<int[]> icc = new ArrayList<>();
        int exifOffset = -1;
        int exifLength = 0;
        int pos = 2; // after SOI
        while (pos + 1 < data.length && (data[pos] & 0xff) == 0xFF) {
            int marker = data[pos + 1] & 0xff;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == SOI || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // markers without a length
                continue;
            }
            if (marker == SOS || marker == EOI || pos + 3 >= data.length) {
                break;
            }
            int length = u16(data, pos + 2);
            int start = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > data.length) {
                break;
            }
            if (marker == APP1 && exifOffset < 0 && startsWith(data, start, end, "Exif\0\0")) {
                exifOffset = start + 6;
                exifLength = end - exifOffset;
            } else if (marker == APP2 && startsWith(data, start, end, "ICC_PROFILE\0")) {
                icc.add(new int[] {pos, end});
            } else if (marker == APP14 && adobe == NO_ADOBE && end - start >= 12 && startsWith(data, start, end, "Adobe")) {
                adobe = data[start + 11] & 0xff;
            } else if (isStartOfFrame(marker) && end - start >= 6) {
                height = u16(data, start + 1);
                width = u16(data, start + 3);
                components = data[start + 5] & 0xff;
            }
            pos = end;
        }
        return new JpegHeader(adobe, components, width, height, exifOffset, exifLength, List.copyOf(icc));
    }

    /**
     * The file without its ICC profile segments. TensorFlow ignores embedded profiles, but ImageIO converts from them
     * to sRGB (shifting every pixel of, say, a Display P3 phone photo) and fails outright on some; without them it
     * hands over libjpeg's plain output.
     */
    byte[] withoutIccProfiles(byte[] data) {
        if (iccSegments.isEmpty()) {
            return data;
        }
        int removed = iccSegments.stream().mapToInt(s -> s[1] - s[0]).sum();
        byte[] out = new byte[data.length - removed];
        int from = 0;
        int to = 0;
        for (int[] segment : iccSegments) {
            System.arraycopy(data, from, out, to, segment[0] - from);
            to += segment[0] - from;
            from = segment[1];
        }
        System.arraycopy(data, from, out, to, data.length - from);
        return out;
    }

    /** The Adobe APP14 transform (0 = no transform, 1 = YCbCr, 2 = YCCK), or {@link #NO_ADOBE}. */
    int adobeTransform() {
        return adobeTransform;
    }

    /** The frame's component count: 1 grey, 3 colour, 4 CMYK/YCCK; 0 if no frame header was found. */
    int components() {
        return components;
    }

    /** The frame's width as stored (before EXIF orientation); 0 if no frame header was found. */
    int width() {
        return width;
    }

    /** The frame's height as stored; 0 if no frame header was found (or it defers the height to a DNL marker). */
    int height() {
        return height;
    }

    int exifOffset() {
        return exifOffset;
    }

    int exifLength() {
        return exifLength;
    }

    boolean hasExif() {
        return exifOffset >= 0;
    }

    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int u16(byte[] data, int at) {
        return ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
    }

    private static boolean startsWith(byte[] data, int start, int end, String ascii) {
        if (end - start < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (data[start + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
