package io.breedline.worker.decode.helper;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.breedline.worker.decode.DecodeException;
import java.io.IOException;

/**
 * Decodes a HEIF file's primary image (HEIC, AVIF) with libheif, in this process, to 8-bit interleaved RGB.
 *
 * <p>The primary image handle is what a viewer shows: for an iPhone photo stored as a grid of tiles it is the grid,
 * which libheif assembles. libheif's default decoding options apply the container's rotation ({@code irot}) and
 * mirroring ({@code imir}), so the pixels come out upright and the EXIF orientation that such files also carry must
 * not be applied again. Images of more than 8 bits per sample are converted to 8 bits by libheif; alpha is dropped,
 * the colour under transparent pixels kept, as for PNG.
 *
 * <p>Native code runs on untrusted bytes here: the worker calls this only inside {@link DecoderProcessMain}'s process.
 */
public final class HeifReader {

    /** Receives the decoded image row by row, straight from native memory. */
    public interface RowSink {
        void begin(int width, int height) throws IOException;

        void row(byte[] rgb) throws IOException;
    }

    private final Libheif lib;
    private final long maxPixels;

    HeifReader(Libheif lib, long maxPixels) {
        this.lib = lib;
        this.maxPixels = maxPixels;
    }

    /** Loads libheif; an {@link UnsatisfiedLinkError} when it is not installed. */
    public static HeifReader load(String libraryName, long maxPixels) {
        Libheif lib = Libheif.load(libraryName);
        try {
            lib.heif_init(null); // loads codec plugins (libheif 1.14 and later)
        } catch (UnsatisfiedLinkError e) {
            // libheif before 1.13 (Ubuntu 22.04 ships 1.12) has no heif_init: its codecs are built in.
        }
        return new HeifReader(lib, maxPixels);
    }

    public String libraryVersion() {
        return lib.heif_get_version();
    }

    /** Decodes {@code data} into {@code sink}; a {@link DecodeException} naming libheif's reason when it cannot. */
    public void decode(byte[] data, RowSink sink) throws DecodeException, IOException {
        Memory bytes = new Memory(Math.max(1, data.length));
        bytes.write(0, data, 0, data.length);
        Pointer context = lib.heif_context_alloc();
        try {
            check(lib.heif_context_read_from_memory_without_copy(context, bytes, data.length, null), "cannot read the file");
            PointerByReference handleRef = new PointerByReference();
            check(lib.heif_context_get_primary_image_handle(context, handleRef), "no primary image");
            Pointer handle = handleRef.getValue();
            try {
                decodeHandle(handle, sink);
            } finally {
                lib.heif_image_handle_release(handle);
            }
        } finally {
            lib.heif_context_free(context);
            bytes.close();
        }
    }

    private void decodeHandle(Pointer handle, RowSink sink) throws DecodeException, IOException {
        int w = lib.heif_image_handle_get_width(handle);
        int h = lib.heif_image_handle_get_height(handle);
        if (w <= 0 || h <= 0) {
            throw new DecodeException("header declares an empty image (" + w + "x" + h + ")");
        }
        long pixels = (long) w * h;
        if (pixels > maxPixels) {
            throw new DecodeException("image is " + w + "x" + h + " = " + pixels + " pixels, more than the limit of "
                    + maxPixels + " (BREEDLINE_MAX_IMAGE_PIXELS)");
        }
        PointerByReference imageRef = new PointerByReference();
        check(lib.heif_decode_image(handle, imageRef, Libheif.COLORSPACE_RGB, Libheif.CHROMA_INTERLEAVED_RGB, null),
                "cannot decode the image");
        Pointer image = imageRef.getValue();
        try {
            int width = lib.heif_image_get_width(image, Libheif.CHANNEL_INTERLEAVED);
            int height = lib.heif_image_get_height(image, Libheif.CHANNEL_INTERLEAVED);
            IntByReference strideRef = new IntByReference();
            Pointer plane = lib.heif_image_get_plane_readonly(image, Libheif.CHANNEL_INTERLEAVED, strideRef);
            if (plane == null || width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                throw new DecodeException("libheif returned no usable RGB plane (" + width + "x" + height + ")");
            }
            long stride = strideRef.getValue();
            sink.begin(width, height);
            byte[] row = new byte[width * 3];
            for (int y = 0; y < height; y++) {
                plane.read(y * stride, row, 0, row.length);
                sink.row(row);
            }
        } finally {
            lib.heif_image_release(image);
        }
    }

    private static void check(Libheif.HeifError error, String what) throws DecodeException {
        if (error.failed()) {
            throw new DecodeException(what + ": " + error.message + " (libheif error " + error.code + "."
                    + error.subcode + ")");
        }
    }
}
