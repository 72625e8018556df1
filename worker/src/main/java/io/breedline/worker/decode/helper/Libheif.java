package io.breedline.worker.decode.helper;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of libheif's C API (libheif 1.13 and later; Debian 12 ships 1.15) that decoding a primary image needs,
 * bound through JNA. Hand-written because no maintained Java binding of libheif is published on Maven Central; it is
 * the dozen functions below and nothing more.
 */
interface Libheif extends Library {
    /** {@code heif_colorspace_RGB}. */
    int COLORSPACE_RGB = 1;
    /** {@code heif_chroma_interleaved_RGB}: 8 bits per sample, whatever the image's bit depth. */
    int CHROMA_INTERLEAVED_RGB = 10;
    /** {@code heif_channel_interleaved}. */
    int CHANNEL_INTERLEAVED = 10;

    /** {@code struct heif_error}, returned by value. */
    @Structure.FieldOrder({"code", "subcode", "message"})
    class HeifError extends Structure implements Structure.ByValue {
        public int code;
        public int subcode;
        public String message;

        boolean failed() {
            return code != 0;
        }
    }

    static Libheif load(String libraryName) {
        return Native.load(libraryName, Libheif.class);
    }

    String heif_get_version();

    HeifError heif_init(Pointer params);

    Pointer heif_context_alloc();

    void heif_context_free(Pointer context);

    HeifError heif_context_read_from_memory_without_copy(Pointer context, Pointer data, long size, Pointer options);

    HeifError heif_context_get_primary_image_handle(Pointer context, PointerByReference handle);

    void heif_image_handle_release(Pointer handle);

    int heif_image_handle_get_width(Pointer handle);

    int heif_image_handle_get_height(Pointer handle);

    int heif_image_handle_get_luma_bits_per_pixel(Pointer handle);

    /** Decodes with {@code options} NULL: libheif's defaults, which apply the container's rotation and mirroring. */
    HeifError heif_decode_image(Pointer handle, PointerByReference image, int colorspace, int chroma, Pointer options);

    int heif_image_get_width(Pointer image, int channel);

    int heif_image_get_height(Pointer image, int channel);

    Pointer heif_image_get_plane_readonly(Pointer image, int channel, IntByReference stride);

    void heif_image_release(Pointer image);
}
