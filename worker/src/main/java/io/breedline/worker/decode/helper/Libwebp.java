package io.breedline.worker.decode.helper;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The part of libwebp's C API (Debian's and Ubuntu's {@code libwebp7}) that decoding a still WebP needs, bound through
 * JNA. Hand-written for the same reason as {@link Libheif}: no maintained Java binding of libwebp is published on
 * Maven Central, and these four functions are all it takes.
 */
interface Libwebp extends Library {
    static Libwebp load(String libraryName) {
        return Native.load(libraryName, Libwebp.class);
    }

    /** The version as {@code 0xMMmmpp} (1.2.4 is {@code 0x010204}). */
    int WebPGetDecoderVersion();

    /** The image's size from its header; 0 when the header is not a WebP's. */
    int WebPGetInfo(byte[] data, long size, IntByReference width, IntByReference height);

    /**
     * Decodes to interleaved 8-bit RGB with libwebp's default options (what {@code dwebp} uses: "fancy" upsampling of
     * a lossy image's chroma); alpha is dropped, the colour under it kept. NULL when the data cannot be decoded or is
     * an animation. The buffer is freed with {@link #WebPFree}.
     */
    Pointer WebPDecodeRGB(byte[] data, long size, IntByReference width, IntByReference height);

    void WebPFree(Pointer buffer);

    static String versionString(int version) {
        return (version >> 16) + "." + ((version >> 8) & 0xff) + "." + (version & 0xff);
    }
}
