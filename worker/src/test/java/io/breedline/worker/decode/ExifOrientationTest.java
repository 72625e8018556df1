package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

    @Test
    void readsBothByteOrders() {
        for (int tag = 1; tag <= 8; tag++) {
            byte[] big = TestJpegs.tiffOrientation(tag, false);
            byte[] little = TestJpegs.tiffOrientation(tag, true);
            assertThat(ExifOrientation.ofTiff(big, 0, big.length).tag()).isEqualTo(tag);
            assertThat(ExifOrientation.ofTiff(little, 0, little.length).tag()).isEqualTo(tag);
        }
    }

    @Test
    void readsAWebpExifChunkAfterOddSizedChunks() {
        byte[] tiff = TestJpegs.tiffOrientation(8, true);
        byte[] webp = TestJpegs.concat("RIFF".getBytes(), new byte[4], "WEBP".getBytes(),
                chunk("VP8X", new byte[10]), chunk("ICCP", new byte[3]), chunk("EXIF", tiff));
        assertThat(ExifOrientation.ofWebp(webp)).isEqualTo(Orientation.ROTATED_90_ANTICLOCKWISE);
        byte[] prefixed = TestJpegs.concat("RIFF".getBytes(), new byte[4], "WEBP".getBytes(),
                chunk("EXIF", TestJpegs.exifOrientation(3, false)));
        assertThat(ExifOrientation.ofWebp(prefixed)).isEqualTo(Orientation.ROTATED_180);
        assertThat(ExifOrientation.ofWebp(Arrays.copyOf(webp, webp.length - 3))).isEqualTo(Orientation.NORMAL);
    }

    // A RIFF chunk: type, little-endian size, data, a pad byte when the size is odd.
    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        return b.put(type.getBytes()).putInt(data.length).put(data).array();
    }

    @Test
    void readsAStructureInsideALargerBuffer() {
        byte[] tiff = TestJpegs.tiffOrientation(6, true);
        byte[] padded = TestJpegs.concat(new byte[] {1, 2, 3}, tiff, new byte[] {4, 5});
        assertThat(ExifOrientation.ofTiff(padded, 3, tiff.length)).isEqualTo(Orientation.ROTATED_90_CLOCKWISE);
    }

    @Test
    void acceptsALongValue() {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 4).putInt(1).putInt(8).putInt(0);
        assertThat(ExifOrientation.ofTiff(tiff.array(), 0, tiff.capacity())).isEqualTo(Orientation.ROTATED_90_ANTICLOCKWISE);
    }

    @Test
    void neverReadsPastTheBlock() {
        byte[] tiff = TestJpegs.tiffOrientation(6, false);
        // Cut inside the orientation entry: the entry no longer fits, so it is not read.
        assertThat(ExifOrientation.ofTiff(tiff, 0, 8 + 2 + 12 + 6)).isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientation.ofTiff(tiff, 0, tiff.length + 10)).isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientation.ofTiff(tiff, -1, tiff.length)).isEqualTo(Orientation.NORMAL);
    }

    @Test
    void malformedStructuresMeanAsStored() {
        byte[] badOrder = TestJpegs.tiffOrientation(6, true);
        badOrder[0] = 'X';
        byte[] badMagic = TestJpegs.tiffOrientation(6, true);
        badMagic[2] = 43;
        byte[] ifdOutside = TestJpegs.tiffOrientation(6, false);
        ifdOutside[4] = 0x7F;
        byte[] hugeCount = TestJpegs.tiffOrientation(6, false);
        hugeCount[8] = (byte) 0xFF;
        hugeCount[9] = (byte) 0xFF; // 65535 entries claimed, two present: the real ones are still read
        for (byte[] tiff : new byte[][] {badOrder, badMagic, ifdOutside}) {
            assertThat(ExifOrientation.ofTiff(tiff, 0, tiff.length)).isEqualTo(Orientation.NORMAL);
        }
        assertThat(ExifOrientation.ofTiff(hugeCount, 0, hugeCount.length)).isEqualTo(Orientation.ROTATED_90_CLOCKWISE);
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(11);
        byte[] valid = TestJpegs.tiffOrientation(3, false);
        for (int i = 0; i < 5_000; i++) {
            byte[] data = random.nextBoolean() ? new byte[random.nextInt(64)] : Arrays.copyOf(valid, valid.length);
            if (data.length == valid.length && random.nextBoolean()) {
                data[random.nextInt(data.length)] = (byte) random.nextInt(256);
            } else {
                random.nextBytes(data);
            }
            if (data.length >= 4 && random.nextBoolean()) {
                data[0] = data[1] = (byte) (random.nextBoolean() ? 'I' : 'M');
            }
            ExifOrientation.ofTiff(data, 0, data.length);
            ExifOrientation.ofPng(data);
            ExifOrientation.ofWebp(data);
            JpegHeader header = JpegHeader.scan(TestJpegs.concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, data));
            ExifOrientation.ofJpeg(data, header);
        }
    }

    @Test
    void jpegHeaderScanSurvivesEveryTruncation() {
        byte[] jpeg = TestJpegs.withSegment(TestJpegs.baseline(new java.awt.image.BufferedImage(8, 8,
                java.awt.image.BufferedImage.TYPE_INT_RGB), 0.9f), 0xE1, TestJpegs.exifOrientation(6, false));
        assertThat(ExifOrientation.ofJpeg(jpeg, JpegHeader.scan(jpeg))).isEqualTo(Orientation.ROTATED_90_CLOCKWISE);
        assertThat(JpegHeader.scan(jpeg).components()).isEqualTo(3);
        for (int n = 0; n < jpeg.length; n++) {
            byte[] cut = Arrays.copyOf(jpeg, n);
            ExifOrientation.ofJpeg(cut, JpegHeader.scan(cut));
        }
    }
}
