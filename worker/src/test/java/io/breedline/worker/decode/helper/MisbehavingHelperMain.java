package io.breedline.worker.decode.helper;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The real helper, except that a file starting with {@code CRASH} makes it read address 0 (a genuine SIGSEGV in
 * native code, as a decoder bug would), one starting with {@code HANG} makes it never answer, and one starting with
 * {@code SPIN} makes it loop in Java code for ever, ignoring interrupts, as an ImageIO plugin caught in an endless loop
 * by a hostile file would.
 */
public final class MisbehavingHelperMain {
    public static final byte[] CRASH = "CRASH".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] HANG = "HANG".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] SPIN = "SPIN".getBytes(StandardCharsets.US_ASCII);
    private static volatile long spins;

    private MisbehavingHelperMain() {}

    public static void main(String[] args) throws IOException {
        DecoderProcessMain.run(args, data -> {
            if (startsWith(data, CRASH)) {
                new Pointer(0).getLong(0);
            }
            if (startsWith(data, SPIN)) {
                while (spins >= 0) {
                    spins++;
                }
            }
            if (startsWith(data, HANG)) {
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // keep hanging
                    }
                }
            }
        });
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
