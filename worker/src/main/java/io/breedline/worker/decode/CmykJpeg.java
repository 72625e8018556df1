package io.breedline.worker.decode;

import java.awt.image.Raster;

/**
 * Turns the raw samples of a four-component (CMYK or YCCK) JPEG into RGB exactly as TensorFlow's
 * {@code decode_jpeg(channels=3)} does, since ImageIO either refuses such files ("Unsupported Image Type") or converts
 * them its own way (always assuming inverted CMYK, with float rounding).
 *
 * <p>TensorFlow asks libjpeg for CMYK (libjpeg turns YCCK into CMYK itself) and then, per pixel, in integers:
 * with an Adobe APP14 marker, whose CMYK is stored inverted (255 = no ink), {@code R = K * C / 255}; without one,
 * {@code R = (255 - K) * (255 - C) / 255}; likewise G from M and B from Y. No ICC profile is applied. libjpeg's
 * rule for which of the two a file holds: Adobe transform 0 is CMYK, any other Adobe transform is YCCK, no Adobe
 * marker is CMYK. The YCC to RGB step reproduces libjpeg's fixed-point tables, so the result is TensorFlow's to the
 * last bit.
 */
final class CmykJpeg {
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        // libjpeg jdcolor.c build_ycc_rgb_table.
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private CmykJpeg() {}

    /** Whether libjpeg reads this header's samples as YCCK rather than CMYK. */
    static boolean isYcck(JpegHeader header) {
        return header.adobeTransform() != JpegHeader.NO_ADOBE && header.adobeTransform() != 0;
    }

    /** The RGB image for the raw four-band raster {@code ImageReader.readRaster} returns for such a file. */
    static RgbImage toRgb(Raster raster, JpegHeader header) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        boolean ycck = isYcck(header);
        boolean adobe = header.adobeTransform() != JpegHeader.NO_ADOBE;
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w * 4];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int i = x * 4;
                int c = row[i];
                int m = row[i + 1];
                int ye = row[i + 2];
                int k = row[i + 3];
                if (ycck) {
                    // libjpeg ycck_cmyk_convert: YCC to RGB, then C = 255 - R and so on; K passes through.
                    int luma = c;
                    int cb = m;
                    int cr = ye;
                    c = 255 - clamp(luma + CR_R[cr]);
                    m = 255 - clamp(luma + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
                    ye = 255 - clamp(luma + CB_B[cb]);
                }
                out[o++] = (byte) channel(c, k, adobe);
                out[o++] = (byte) channel(m, k, adobe);
                out[o++] = (byte) channel(ye, k, adobe);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int channel(int ink, int k, boolean adobeInverted) {
        return adobeInverted ? k * ink / 255 : (255 - k) * (255 - ink) / 255;
    }

    private static int fix(double v) {
        return (int) (v * (1L << SCALE_BITS) + 0.5);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
