package io.breedline.bench;

import io.breedline.worker.decode.BilinearResizer;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodeMode;
import io.breedline.worker.decode.DecodedImage;
import io.breedline.worker.decode.ImageDecoder;
import io.breedline.worker.decode.ModelInputDecoder;
import io.breedline.worker.decode.NativeDecoders;
import io.breedline.worker.decode.helper.HelperOptions;
import io.breedline.worker.decode.helper.HeifReader;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * What one large photo costs to decode and resize to the model's input, per format and path: a sample photo upscaled
 * to the size a phone takes (12 megapixels), saved as JPEG (ImageIO) and as HEIC, AVIF and WebP by the real encoders,
 * then each decoded on one thread, the paths interleaved round by round so that a noisy machine slows them alike.
 * The exact path in a helper process (what the worker does, for the time limit) is measured beside the same decode in
 * this process (what it did before), on the large JPEG and on the sample photo's own file.
 */
public final class DecodeCost {
    private static final long MAX_PIXELS = 100_000_000L;

    private DecodeCost() {}

    /** One way of turning a file into the model's input. */
    private interface Path256 {
        void decode(byte[] data, int height, int width) throws DecodeException;
    }

    /** A measured path: its input, how it is decoded, and how many times a round (small files: enough to time). */
    private record Measured(String name, byte[] bytes, Path256 decoder, int repeat) {
        Measured(String name, byte[] bytes, Path256 decoder) {
            this(name, bytes, decoder, 1);
        }
    }

    private static final int SMALL_REPEAT = 20;

    /** The natives of a decoder that reads WebP with TwelveMonkeys in this process: the path before libwebp. */
    private static final class TwelveMonkeysWebp implements NativeDecoders {
        @Override
        public boolean decodesWebp() {
            return false;
        }

        @Override
        public DecodedImage decode(byte[] data) throws DecodeException {
            throw new DecodeException("not measured here");
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    public static void run(Path photo, Path work, int width, int height, int rounds, int inputSize, PrintStream out,
            PrintStream err) throws IOException, DecodeException, InterruptedException {
        BufferedImage source = ImageIO.read(photo.toFile());
        if (source == null) {
            throw new IOException(photo + " is not an image ImageIO reads");
        }
        BufferedImage big = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        Files.createDirectories(work);
        Path png = work.resolve("photo.png");
        Path jpeg = work.resolve("photo.jpg");
        ImageIO.write(big, "png", png.toFile());
        ImageIO.write(big, "jpg", jpeg.toFile());
        err.println("encoding a " + width + "x" + height + " photo as HEIC, AVIF and WebP ...");
        encode(work, "heif-enc", "-q", "50", "-o", "photo.heic", "photo.png");
        encode(work, "avifenc", "-s", "8", "photo.png", "photo.avif");
        encode(work, "cwebp", "-quiet", "-q", "80", "photo.png", "-o", "photo.webp");

        // The photo's own file too: an ordinary camera JPEG, where a helper process's fixed cost shows most.
        byte[] ordinary = Files.readAllBytes(photo);
        if (!photo.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g")) {
            ImageIO.write(source, "jpg", work.resolve("ordinary.jpg").toFile());
            ordinary = Files.readAllBytes(work.resolve("ordinary.jpg"));
        }
        String ordinarySize = source.getWidth() + "x" + source.getHeight();
        try (ModelInputDecoder fast = new ModelInputDecoder(MAX_PIXELS, DecodeMode.FAST, HelperOptions.DEFAULT);
                ModelInputDecoder exact = new ModelInputDecoder(MAX_PIXELS, DecodeMode.EXACT, HelperOptions.DEFAULT);
                ImageDecoder sameProcessDecoder = new ImageDecoder(MAX_PIXELS, new TwelveMonkeysWebp())) {
            Path256 sameProcess = (data, h, w) -> BilinearResizer.resize(sameProcessDecoder.decode(data), h, w);
            byte[] bigJpeg = Files.readAllBytes(jpeg);
            List<Measured> paths = List.of(
                    new Measured("JPEG, fast path (libjpeg-turbo, DCT scaling)", bigJpeg, fast::decode),
                    new Measured("JPEG, exact path in the worker's process (before)", bigJpeg, sameProcess),
                    new Measured("JPEG, exact path in a helper process (now)", bigJpeg, exact::decode),
                    new Measured("JPEG " + ordinarySize + ", exact, worker's process (before)", ordinary, sameProcess, SMALL_REPEAT),
                    new Measured("JPEG " + ordinarySize + ", exact, helper process (now)", ordinary, exact::decode, SMALL_REPEAT),
                    new Measured("HEIC (libheif in the helper process, full size)", Files.readAllBytes(work.resolve("photo.heic")), fast::decode),
                    new Measured("AVIF (libheif in the helper process, full size)", Files.readAllBytes(work.resolve("photo.avif")), fast::decode),
                    new Measured("WebP (libwebp in the helper process, full size)", Files.readAllBytes(work.resolve("photo.webp")), fast::decode),
                    new Measured("WebP (TwelveMonkeys, worker's process, before)", Files.readAllBytes(work.resolve("photo.webp")), sameProcess));
            // libheif's own decode time, in this process and without the resize: what the helper process adds is the
            // rest of the HEIC figure.
            HeifReader inProcess = HeifReader.load(HelperOptions.DEFAULT.library(), MAX_PIXELS);
            byte[] heic = paths.get(5).bytes();
            Map<String, long[]> nanos = new LinkedHashMap<>();
            String libheifOnly = "HEIC, libheif decode alone (in process, no resize)";
            nanos.put(libheifOnly, new long[rounds]);
            decodeInProcess(inProcess, heic);
            for (Measured p : paths) {
                for (int i = 0; i < p.repeat(); i++) {
                    p.decoder().decode(p.bytes(), inputSize, inputSize); // warm-up: JIT, the helper process started
                }
                nanos.put(p.name(), new long[rounds]);
            }
            for (int r = 0; r < rounds; r++) {
                for (Measured p : paths) {
                    long start = System.nanoTime();
                    for (int i = 0; i < p.repeat(); i++) {
                        p.decoder().decode(p.bytes(), inputSize, inputSize);
                    }
                    nanos.get(p.name())[r] = (System.nanoTime() - start) / p.repeat();
                }
                long start = System.nanoTime();
                decodeInProcess(inProcess, heic);
                nanos.get(libheifOnly)[r] = System.nanoTime() - start;
                err.printf(Locale.ROOT, "round %d of %d%n", r + 1, rounds);
            }
            out.printf(Locale.ROOT, "decode + resize of one %dx%d photo (%.1f MP) to %dx%d, one thread, median of %d "
                    + "interleaved rounds (the %s photo: mean of %d decodes a round):%n", width, height, width * (double) height / 1e6, inputSize, inputSize, rounds,
                    ordinarySize, SMALL_REPEAT);
            for (Map.Entry<String, long[]> e : nanos.entrySet()) {
                long[] t = e.getValue().clone();
                Arrays.sort(t);
                out.printf(Locale.ROOT, "  %-56s %8.1f ms  (min %.1f, max %.1f)%n", e.getKey(),
                        ms(t[t.length / 2]), ms(t[0]), ms(t[t.length - 1]));
            }
            for (Measured p : paths) {
                out.printf(Locale.ROOT, "  file: %-46s %,d bytes%n", p.name(), p.bytes().length);
            }
        }
    }

    private static void decodeInProcess(HeifReader reader, byte[] heic) throws DecodeException, IOException {
        reader.decode(heic, new HeifReader.RowSink() {
            @Override
            public void begin(int width, int height) {
                // rows are read from native memory and dropped
            }

            @Override
            public void row(byte[] rgb) {
                // as above
            }
        });
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void encode(Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + ".log").toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (see " + dir.resolve(command[0] + ".log") + ")");
        }
    }
}
