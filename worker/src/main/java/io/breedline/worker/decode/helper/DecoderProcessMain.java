package io.breedline.worker.decode.helper;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.breedline.worker.decode.BilinearResizer;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodedImage;
import io.breedline.worker.decode.ImageDecoder;
import io.breedline.worker.decode.Orientation;
import io.breedline.worker.decode.RgbImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The helper process in which the worker's exact path decodes ({@link ImageDecoder} with libheif and libwebp called
 * in process): if code crashes, hangs or spins on a hostile file, this process dies or is killed, not the worker.
 * Started by {@link DecoderProcess}; arguments: libheif's and libwebp's library names and the pixel limit. Either
 * library may be missing (see {@link InProcessNatives}).
 *
 * <p>Protocol, on standard input and output: each request is the model input's height and width ({@code int}s; 0 and
 * 0 for the full-size image), an {@code int} length and that many bytes of file; each reply is {@link #IMAGE}, the
 * format ({@link DataOutputStream#writeUTF}), the stored width and height, the {@link Orientation}'s ordinal (a
 * byte), the upright width and height, then either the full-size image's {@code width * height * 3} RGB bytes or the
 * model input's {@code height * width * 3} floats ({@link BilinearResizer}, big-endian); or
 * {@link #ERROR} and a message; or {@link #FATAL} and a message, after which the helper exits (it ran out of memory
 * or stack, and its state is not to be trusted). The helper exits when its input ends.
 */
public final class DecoderProcessMain {
    static final int READY = 'R';
    static final int IMAGE = 'I';
    static final int ERROR = 'E';
    static final int FATAL = 'F';
    private static final int MAX_MESSAGE = 2000;

    private interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);
    }

    private DecoderProcessMain() {}

    public static void main(String[] args) throws IOException {
        run(args, data -> { });
    }

    /** The helper's loop; {@code beforeDecode} sees each file first (tests make it crash or hang there). */
    static void run(String[] args, Consumer<byte[]> beforeDecode) throws IOException {
        OutputStream replies = privateStdout();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(replies, 1 << 16));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        long maxPixels = Long.parseLong(args[2]);
        ImageDecoder decoder = new ImageDecoder(maxPixels, InProcessNatives.load(args[0], args[1], maxPixels));
        out.writeByte(READY);
        out.flush();
        while (true) {
            int height;
            try {
                height = in.readInt();
            } catch (EOFException e) {
                return;
            }
            int width = in.readInt();
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            beforeDecode.accept(data);
            if (!serve(decoder, data, height, width, out)) {
                out.flush();
                System.exit(3);
            }
            out.flush();
        }
    }

    // false: the helper must exit.
    private static boolean serve(ImageDecoder decoder, byte[] data, int height, int width, DataOutputStream out)
            throws IOException {
        DecodedImage decoded;
        float[] input = null;
        try {
            decoded = decoder.decodeDetailed(data);
            if (height > 0 && width > 0) {
                input = BilinearResizer.resize(decoded.image(), height, width);
            }
        } catch (DecodeException e) {
            out.writeByte(ERROR);
            out.writeUTF(truncate(e.getMessage()));
            return true;
        } catch (RuntimeException e) {
            out.writeByte(ERROR);
            out.writeUTF(truncate("the decoder failed on this file: " + e));
            return true;
        } catch (OutOfMemoryError | StackOverflowError e) {
            out.writeByte(FATAL);
            out.writeUTF(truncate("the decoder ran out of " + (e instanceof OutOfMemoryError ? "memory" : "stack")
                    + " on this file (" + data.length + " bytes); the decoder process was stopped"));
            return false;
        }
        RgbImage image = decoded.image();
        out.writeByte(IMAGE);
        out.writeUTF(decoded.format());
        out.writeInt(decoded.storedWidth());
        out.writeInt(decoded.storedHeight());
        out.writeByte(decoded.orientation().ordinal());
        out.writeInt(image.width());
        out.writeInt(image.height());
        if (input == null) {
            out.write(image.pixels());
        } else {
            ByteBuffer bytes = ByteBuffer.allocate(input.length * Float.BYTES);
            bytes.asFloatBuffer().put(input);
            out.write(bytes.array());
        }
        return true;
    }

    // Native code (a codec's warning) may print to file descriptor 1, which carries the replies: give the replies a
    // descriptor of their own and point 1 at standard error.
    private static OutputStream privateStdout() throws IOException {
        System.out.flush();
        LibC libc = Native.load("c", LibC.class);
        int replies = libc.dup(1);
        if (replies < 0 || libc.dup2(2, 1) < 0) {
            throw new IOException("cannot set up the reply channel (dup failed)");
        }
        System.setOut(System.err);
        return new FileOutputStream("/proc/self/fd/" + replies);
    }

    private static String truncate(String message) {
        String m = message == null ? "unknown error" : message;
        return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
    }
}
