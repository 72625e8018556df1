package io.breedline.worker.decode.helper;

import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodedImage;
import io.breedline.worker.decode.ExifOrientation;
import io.breedline.worker.decode.FormatSniffer;
import io.breedline.worker.decode.NativeDecoders;
import io.breedline.worker.decode.Orientation;
import io.breedline.worker.decode.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * libheif and libwebp called in this process: what the decoder process ({@link DecoderProcessMain}) runs. Either
 * library may be missing: HEIC/AVIF files then fail with what to install, WebP goes to TwelveMonkeys.
 */
final class InProcessNatives implements NativeDecoders {
    private final HeifReader heif;
    private final WebpReader webp;
    private final String heifLibrary;

    private InProcessNatives(HeifReader heif, WebpReader webp, String heifLibrary) {
        this.heif = heif;
        this.webp = webp;
        this.heifLibrary = heifLibrary;
    }

    static InProcessNatives load(String heifLibrary, String webpLibrary, long maxPixels) {
        HeifReader heif;
        try {
            heif = HeifReader.load(heifLibrary, maxPixels);
        } catch (LinkageError e) {
            heif = null;
        }
        WebpReader webp;
        try {
            webp = WebpReader.load(webpLibrary, maxPixels);
        } catch (LinkageError e) {
            webp = null;
        }
        return new InProcessNatives(heif, webp, heifLibrary);
    }

    @Override
    public boolean decodesWebp() {
        return webp != null;
    }

    @Override
    public DecodedImage decode(byte[] data) throws DecodeException {
        String kind = FormatSniffer.heifKind(data);
        if (kind.isEmpty()) {
            if (webp == null || !FormatSniffer.isWebp(data)) {
                throw new DecodeException("not a HEIF, AVIF or WebP file");
            }
            RgbImage stored = webp.decode(data);
            Orientation orientation = ExifOrientation.ofWebp(data);
            return new DecodedImage("WebP", stored.width(), stored.height(), orientation, orientation.apply(stored));
        }
        if (heif == null) {
            throw new DecodeException(HelperDecoder.heifMissing(heifLibrary));
        }
        RgbImage image;
        try {
            image = decodeHeif(data);
        } catch (DecodeException e) {
            throw new DecodeException(kind + " (" + data.length + " bytes): " + e.getMessage(), e);
        }
        // libheif has applied the container's rotation and mirroring: the stored size is not known here.
        return new DecodedImage(kind.equals("AVIF") ? "AVIF" : "HEIF", image.width(), image.height(),
                Orientation.NORMAL, image);
    }

    private RgbImage decodeHeif(byte[] data) throws DecodeException {
        int[] size = new int[3];
        byte[][] pixels = new byte[1][];
        try {
            heif.decode(data, new HeifReader.RowSink() {
                @Override
                public void begin(int width, int height) {
                    size[0] = width;
                    size[1] = height;
                    pixels[0] = new byte[width * height * 3];
                }

                @Override
                public void row(byte[] rgb) {
                    System.arraycopy(rgb, 0, pixels[0], size[2], rgb.length);
                    size[2] += rgb.length;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sink writes to memory: cannot happen
        }
        return new RgbImage(size[0], size[1], pixels[0]);
    }

    String heifVersion() {
        return heif == null ? "" : heif.libraryVersion();
    }

    String webpVersion() {
        return webp == null ? "" : webp.libraryVersion();
    }

    @Override
    public void close() {
        // nothing held between decodes
    }
}
