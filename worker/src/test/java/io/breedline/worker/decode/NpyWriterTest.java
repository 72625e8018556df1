package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NpyWriterTest {

    @Test
    void writesAVersionOneHeaderAlignedTo64Bytes() throws Exception {
        float[] data = new float[1 * 256 * 256 * 3];
        byte[] npy = write(data, 1, 256, 256, 3);
        assertThat(npy).startsWith((byte) 0x93, (byte) 'N', (byte) 'U', (byte) 'M', (byte) 'P', (byte) 'Y', (byte) 1, (byte) 0);
        int headerLength = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        int dataStart = 10 + headerLength;
        assertThat(dataStart % 64).isZero();
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 256, 256, 3), }")
                .endsWith("\n");
        assertThat(header.strip()).endsWith("}");
        assertThat(npy).hasSize(dataStart + data.length * 4);
    }

    @Test
    void valuesAreLittleEndianFloatsInCOrder() throws Exception {
        float[] data = new float[2 * 3 * 4];
        Random random = new Random(2);
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 255;
        }
        data[5] = -0f;
        data[6] = Float.MIN_VALUE;
        byte[] npy = write(data, 2, 3, 4);
        int dataStart = 10 + (ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF);
        ByteBuffer values = ByteBuffer.wrap(npy, dataStart, npy.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        for (float expected : data) {
            assertThat(Float.floatToRawIntBits(values.getFloat())).isEqualTo(Float.floatToRawIntBits(expected));
        }
        assertThat(values.hasRemaining()).isFalse();
    }

    @Test
    void writesDataLargerThanOneChunk() throws Exception {
        float[] data = new float[100_003];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        byte[] npy = write(data, data.length);
        ByteBuffer tail = ByteBuffer.wrap(npy, npy.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(tail.getFloat()).isEqualTo(100_002f);
    }

    @Test
    void aOneDimensionalShapeIsAPythonOneTuple() {
        String header = new String(NpyWriter.header(5), StandardCharsets.US_ASCII);
        assertThat(header).contains("'shape': (5,), }");
    }

    @Test
    void refusesAShapeThatDoesNotMatchTheData() {
        assertThatThrownBy(() -> write(new float[6], 1, 256, 256, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape [1, 256, 256, 3] holds 196608 values, not 6");
    }

    private static byte[] write(float[] data, int... shape) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.write(out, data, shape);
        return out.toByteArray();
    }
}
