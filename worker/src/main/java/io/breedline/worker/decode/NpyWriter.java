package io.breedline.worker.decode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes a float array as a NumPy {@code .npy} file (format version 1.0): {@code <f4} little-endian, C order, header
 * padded with spaces to a multiple of 64 bytes. {@code numpy.load} reads it back, so the worker's model input can be
 * compared with a Python pipeline's tensor.
 */
public final class NpyWriter {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGNMENT = 64;
    private static final int PREAMBLE = MAGIC.length + 2; // magic, version, 2-byte header length

    private NpyWriter() {}

    /** Writes {@code data} as an array of the given shape; the shape's product must be {@code data.length}. */
    public static void write(OutputStream out, float[] data, int... shape) throws IOException {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + count + " values, not " + data.length);
        }
        out.write(header(shape));
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            chunk.putFloat(v);
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    /** Magic, version 1.0, header length and the header dictionary, padded so the data starts 64-byte aligned. */
    static byte[] header(int... shape) {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        // A one-dimensional shape is a Python 1-tuple: "(5,)".
        String tuple = "(" + dims + (shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = PREAMBLE + dict.length() + 1; // + the closing newline
        int padded = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        String text = dict + " ".repeat(padded - unpadded) + "\n";
        if (text.length() > 0xFFFF) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not fit a version 1.0 header");
        }
        ByteBuffer header = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return header.array();
    }
}
