package io.breedline.service.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.service.UserError;
import io.breedline.worker.decode.BilinearResizer;
import io.breedline.worker.decode.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PreprocessCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Exception failure;

    @Test
    void writesTheWorkersTensorAsNpy() throws Exception {
        byte[] png = encode(gradient(40, 30), "png");
        Path image = Files.write(dir.resolve("dog.png"), png);
        Path npy = dir.resolve("dog.npy");

        assertThat(run(image.toString(), "--out", npy.toString())).isZero();

        Npy parsed = Npy.read(Files.readAllBytes(npy));
        assertThat(parsed.header).contains("'descr': '<f4'", "'fortran_order': False", "'shape': (1, 256, 256, 3)");
        float[] expected = BilinearResizer.resize(new ImageDecoder(1_000_000).decode(png), 256, 256);
        assertThat(parsed.values).containsExactly(expected);
        assertThat(out.toString())
                .contains("dog.png: PNG 40x30")
                .contains("float32 (1, 256, 256, 3)")
                .containsPattern("R\\s+0\\.0000\\s+\\d+\\.\\d{4}\\s+\\d+\\.\\d{4}")
                .contains("G ", "B ");
    }

    @Test
    void sizeTakesHeightThenWidth() throws Exception {
        Path image = Files.write(dir.resolve("dog.png"), encode(gradient(10, 10), "png"));
        Path npy = dir.resolve("small.npy");

        assertThat(run(image.toString(), "--out", npy.toString(), "--size", "24x32")).isZero();

        Npy parsed = Npy.read(Files.readAllBytes(npy));
        assertThat(parsed.header).contains("'shape': (1, 24, 32, 3)");
        assertThat(parsed.values).hasSize(24 * 32 * 3);
    }

    @Test
    void reportsTheExifTurn() throws Exception {
        byte[] jpeg = withExifOrientation(encode(gradient(32, 16), "jpg"), 6);
        Path image = Files.write(dir.resolve("phone.jpg"), jpeg);

        assertThat(run(image.toString(), "--out", dir.resolve("phone.npy").toString(), "--size", "8")).isZero();

        assertThat(out.toString()).contains("phone.jpg: JPEG 32x16, EXIF orientation 6 (rotated 90° clockwise) -> 16x32");
    }

    @Test
    void anUnreadableFileIsAUserErrorNamingTheFormat() throws Exception {
        Path text = Files.writeString(dir.resolve("note.jpg"), "hello, not a photo");

        run(text.toString(), "--out", dir.resolve("x.npy").toString());

        assertThat(failure).isInstanceOf(UserError.class)
                .hasMessageStartingWith(text + ": not an image this worker can read: detected text (").hasMessageNotContaining("hello");
        assertThat(dir.resolve("x.npy")).doesNotExist();
    }

    @Test
    void aMissingFileIsAUserError() {
        run(dir.resolve("absent.jpg").toString(), "--out", dir.resolve("x.npy").toString());

        assertThat(failure).isInstanceOf(UserError.class).hasMessage(dir.resolve("absent.jpg") + ": no such file");
    }

    @Test
    void aBadSizeIsAUsageError() {
        int code = run("dog.png", "--out", "x.npy", "--size", "256x");

        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("'256x' is not H or HxW, e.g. 256 or 224x320");
    }

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new PreprocessCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, c, parsed) -> {
                    failure = e;
                    return 2;
                });
        return cmd.execute(args);
    }

    /** The parts of an .npy file this command writes: header text and float32 little-endian values. */
    private record Npy(String header, float[] values) {
        static Npy read(byte[] file) {
            assertThat(new String(file, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
            assertThat(file[6]).isEqualTo((byte) 1);
            int headerLength = ByteBuffer.wrap(file, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
            assertThat((10 + headerLength) % 64).isZero();
            String header = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
            ByteBuffer data = ByteBuffer.wrap(file, 10 + headerLength, file.length - 10 - headerLength)
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[data.remaining() / 4];
            data.asFloatBuffer().get(values);
            return new Npy(header, values);
        }
    }

    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | 77);
            }
        }
        return img;
    }

    /** Inserts an APP1 Exif segment (big-endian TIFF, IFD0 with only the orientation) right after SOI. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer exif = ByteBuffer.allocate(6 + 8 + 2 + 12 + 4);
        exif.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put("MM".getBytes(StandardCharsets.US_ASCII));
        exif.putShort((short) 42).putInt(8).putShort((short) 1);
        exif.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        exif.putInt(0);
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + exif.capacity());
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.capacity() + 2)).put(exif.array());
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, format, bytes);
        return bytes.toByteArray();
    }
}
