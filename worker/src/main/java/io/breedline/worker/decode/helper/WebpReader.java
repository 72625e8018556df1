package io.breedline.worker.decode.helper;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.RgbImage;

/**
 * Decodes a still WebP (lossy, lossless, with alpha) with libwebp, in this process, to the stored 8-bit RGB pixels, as
 * {@code dwebp} does by default. libwebp rather than TwelveMonkeys' pure-Java decoder because the latter upsamples a
 * lossy image's chroma the simple way ({@code dwebp -nofancy}), more than a level in 255 from libwebp's default on
 * grainy photos (docs/image-formats.md). Animations are not decoded here: TwelveMonkeys gives their first frame.
 *
 * <p>Native code runs on untrusted bytes here: the worker calls this only inside {@link DecoderProcessMain}'s process.
 */
final class WebpReader {
    private final Libwebp lib;
    private final long maxPixels;

    private WebpReader(Libwebp lib, long maxPixels) {
        this.lib = lib;
        this.maxPixels = maxPixels;
    }

    /** Loads libwebp; an {@link UnsatisfiedLinkError} when it is not installed. */
    static WebpReader load(String libraryName, long maxPixels) {
        return new WebpReader(Libwebp.load(libraryName), maxPixels);
    }

    String libraryVersion() {
        return Libwebp.versionString(lib.WebPGetDecoderVersion());
    }

    /** The stored pixels (EXIF orientation not applied); a {@link DecodeException} when libwebp cannot decode them. */
    RgbImage decode(byte[] data) throws DecodeException {
        IntByReference w = new IntByReference();
        IntByReference h = new IntByReference();
        if (lib.WebPGetInfo(data, data.length, w, h) == 0) {
            throw new DecodeException("WebP header is truncated or corrupt (" + data.length + " bytes): libwebp cannot "
                    + "read it");
        }
        long pixels = (long) w.getValue() * h.getValue();
        if (pixels > maxPixels) {
            throw new DecodeException("WebP image is " + w.getValue() + "x" + h.getValue() + " = " + pixels
                    + " pixels, more than the limit of " + maxPixels + " (BREEDLINE_MAX_IMAGE_PIXELS)");
        }
        Pointer rgb = lib.WebPDecodeRGB(data, data.length, w, h);
        if (rgb == null) {
            throw new DecodeException("WebP data is truncated or corrupt (" + data.length + " bytes): libwebp "
                    + "cannot decode it");
        }
        try {
            int width = w.getValue();
            int height = h.getValue();
            if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                throw new DecodeException("libwebp returned an unusable image (" + width + "x" + height + ")");
            }
            byte[] rgbBytes = new byte[width * height * 3];
            rgb.read(0, rgbBytes, 0, rgbBytes.length);
            return new RgbImage(width, height, rgbBytes);
        } finally {
            lib.WebPFree(rgb);
        }
    }
}
