package io.breedline.worker.decode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/** JPEG files the tests build themselves: CMYK/YCCK, progressive, and extra marker segments spliced into the bytes. */
public final class TestJpegs {
    private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";

    private TestJpegs() {}

    /** Four bands, each pixel the same {@code c, m, y, k} samples; {@code null} samples fill the right half. */
    static WritableRaster fourBands(int w, int h, int[] left, int[] right) {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setPixel(x, y, x < w / 2 ? left : right);
            }
        }
        return r;
    }

    /**
     * A four-component JPEG holding the raster's samples as they are (ImageIO's writer converts nothing when given a
     * Raster). The metadata tree is edited by hand: JFIF removed (it only allows 1 or 3 components), an Adobe APP14
     * segment with {@code adobeTransform} added unless it is negative, four components at full resolution.
     */
    static byte[] fourComponent(Raster raster, int adobeTransform, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            // Default metadata for RGB, then rewritten: the writer has no default for four components.
            IIOMetadata metadata = writer.getDefaultImageMetadata(
                    ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR), param);
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(NATIVE_FORMAT);
            Node jfif = root.getElementsByTagName("app0JFIF").item(0);
            jfif.getParentNode().removeChild(jfif);
            IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
            if (adobeTransform >= 0) {
                IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
                adobe.setAttribute("transform", Integer.toString(adobeTransform));
                markers.insertBefore(adobe, markers.getFirstChild());
            }
            IIOMetadataNode sof = (IIOMetadataNode) root.getElementsByTagName("sof").item(0);
            IIOMetadataNode sos = (IIOMetadataNode) root.getElementsByTagName("sos").item(0);
            removeChildren(sof);
            removeChildren(sos);
            for (int i = 1; i <= 4; i++) {
                String table = i == 1 ? "0" : "1";
                IIOMetadataNode component = new IIOMetadataNode("componentSpec");
                component.setAttribute("componentId", Integer.toString(i));
                component.setAttribute("HsamplingFactor", "1");
                component.setAttribute("VsamplingFactor", "1");
                component.setAttribute("QtableSelector", table);
                sof.appendChild(component);
                IIOMetadataNode scan = new IIOMetadataNode("scanComponentSpec");
                scan.setAttribute("componentSelector", Integer.toString(i));
                scan.setAttribute("dcHuffTable", table);
                scan.setAttribute("acHuffTable", table);
                sos.appendChild(scan);
            }
            sof.setAttribute("numFrameComponents", "4");
            sos.setAttribute("numScanComponents", "4");
            metadata.setFromTree(NATIVE_FORMAT, root);
            return write(writer, new IIOImage(raster, null, metadata), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    static byte[] progressive(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            return write(writer, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    public static byte[] baseline(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            return write(writer, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** The JPEG with a marker segment inserted right after SOI. */
    public static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        return concat(Arrays.copyOf(jpeg, 2), segment(marker, payload), Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** Marker, two-byte length, payload. */
    static byte[] segment(int marker, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).put((byte) 0xFF).put((byte) marker)
                .putShort((short) (payload.length + 2)).put(payload).array();
    }

    /** An APP1 payload: "Exif\0\0" then a TIFF structure whose IFD0 holds the orientation as a SHORT. */
    public static byte[] exifOrientation(int orientation, boolean littleEndian) {
        return concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiffOrientation(orientation, littleEndian));
    }

    /** A TIFF structure with an IFD0 of two entries: ImageWidth, then Orientation (SHORT). */
    static byte[] tiffOrientation(int orientation, boolean littleEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
        tiff.putShort((short) 42).putInt(8).putShort((short) 2);
        tiff.putShort((short) 0x0100).putShort((short) 4).putInt(1).putInt(640);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        return tiff.array();
    }

    static byte[] iccPayload(byte[] profile) {
        return concat("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {1, 1}, profile);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        }
        return bytes.toByteArray();
    }

    private static void removeChildren(Node node) {
        while (node.getFirstChild() != null) {
            node.removeChild(node.getFirstChild());
        }
    }
}
