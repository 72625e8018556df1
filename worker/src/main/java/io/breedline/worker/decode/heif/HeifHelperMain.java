package io.breedline.worker.decode.heif;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.breedline.worker.decode.DecodeException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * The helper process in which libheif decodes: if native code crashes or hangs on a hostile file, this process dies
 * or is killed, not the worker. Started by {@link HeifHelper}; arguments: the library name and the pixel limit.
 *
 * <p>Protocol, on standard input and output: each request is an {@code int} length and that many bytes of file; each
 * reply is {@link #IMAGE}, width, height and {@code width * height * 3} RGB bytes, or {@link #ERROR} and a message
 * ({@link DataOutputStream#writeUTF}). The helper exits when its input ends.
 */
public final class HeifHelperMain {
    static final int READY = 'R';
    static final int IMAGE = 'I';
    static final int ERROR = 'E';
    private static final int MAX_MESSAGE = 2000;

    private interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);
    }

    private HeifHelperMain() {}

    public static void main(String[] args) throws IOException {
        run(args, data -> { });
    }

    /** The helper's loop; {@code beforeDecode} sees each file first (tests make it crash or hang there). */
    static void run(String[] args, Consumer<byte[]> beforeDecode) throws IOException {
        OutputStream replies = privateStdout();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(replies, 1 << 16));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        HeifReader reader;
        try {
            reader = HeifReader.load(args[0], Long.parseLong(args[1]));
        } catch (LinkageError e) {
            out.writeByte(ERROR);
            out.writeUTF(truncate("cannot load " + args[0] + ": " + e.getMessage()));
            out.flush();
            return;
        }
        out.writeByte(READY);
        out.writeUTF(reader.libraryVersion());
        out.flush();
        while (true) {
            byte[] data;
            try {
                data = new byte[in.readInt()];
            } catch (EOFException e) {
                return;
            }
            in.readFully(data);
            beforeDecode.accept(data);
            serve(reader, data, out);
            out.flush();
        }
    }

    private static void serve(HeifReader reader, byte[] data, DataOutputStream out) throws IOException {
        // The reply's header goes out only once libheif has decoded, so an error can still be reported instead.
        try {
            reader.decode(data, new HeifReader.RowSink() {
                @Override
                public void begin(int width, int height) throws IOException {
                    out.writeByte(IMAGE);
                    out.writeInt(width);
                    out.writeInt(height);
                }

                @Override
                public void row(byte[] rgb) throws IOException {
                    out.write(rgb);
                }
            });
        } catch (DecodeException e) {
            out.writeByte(ERROR);
            out.writeUTF(truncate(e.getMessage()));
        }
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
