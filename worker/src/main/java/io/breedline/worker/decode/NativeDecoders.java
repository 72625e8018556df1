package io.breedline.worker.decode;

/**
 * The decoders that run native code on the file's bytes: libheif (HEIC/HEIF, AVIF) and libwebp (still WebP).
 * {@link ImageDecoder} hands those files here; what is left it decodes with javax.imageio.
 */
public interface NativeDecoders extends AutoCloseable {
    /** Whether still WebP files are decoded here (libwebp); when not, TwelveMonkeys' ImageIO plugin decodes them. */
    boolean decodesWebp();

    /** A HEIF/HEIC or AVIF file, or a still WebP when {@link #decodesWebp()}: upright pixels, with their format. */
    DecodedImage decode(byte[] data) throws DecodeException;

    @Override
    void close();
}
