package io.breedline.service.command;

import io.breedline.service.UserError;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.decode.BilinearResizer;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodedImage;
import io.breedline.worker.decode.ImageDecoder;
import io.breedline.worker.decode.NpyWriter;
import io.breedline.worker.decode.Orientation;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Writes the tensor the model receives for one image, through the very classes the worker's decode step calls
 * ({@link ImageDecoder}, then {@link BilinearResizer}), so preprocessing fidelity can be checked from outside, e.g.
 * against {@code tf.image.resize(tf.io.decode_image(bytes, channels=3), (256, 256))} in Python.
 */
@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = {
            "Write the exact model input the worker makes from an image (any format the worker reads: JPEG, PNG, GIF,",
            "BMP, TIFF, WebP, HEIC/HEIF, AVIF; decode to RGB, EXIF or HEIF-container orientation,",
            "bilinear resize like tf.image.resize) as a NumPy .npy file: float32, shape (1, H, W, 3), values 0..255.",
            "Prints the shape and each channel's min, max and mean."
        })
public final class PreprocessCommand implements Callable<Integer> {
    static final int SIZE_MAX = 8192;

    @Parameters(index = "0", paramLabel = "IMG", description = "The image file.")
    Path image;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .npy file to write.")
    Path out;

    @Option(names = "--size", defaultValue = "256", paramLabel = "H[xW]", converter = SizeConverter.class,
            description = "Model input height and width: 256 or e.g. 224x320 (default: ${DEFAULT-VALUE}).")
    Size size;

    @Option(names = "--max-pixels", defaultValue = "" + WorkerConfig.MAX_IMAGE_PIXELS_DEFAULT, paramLabel = "N",
            description = "Refuse larger images, as the worker does (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Spec
    CommandSpec spec;

    /** Model input size, height first as in the NHWC tensor. */
    record Size(int height, int width) {}

    @Override
    public Integer call() {
        byte[] bytes = readImage();
        DecodedImage decoded;
        ImageDecoder decoder = new ImageDecoder(maxPixels);
        try {
            decoded = decoder.decodeDetailed(bytes);
        } catch (DecodeException e) {
            throw new UserError(image + ": " + e.getMessage(), e);
        } finally {
            decoder.close();
        }
        float[] tensor = BilinearResizer.resize(decoded.image(), size.height(), size.width());
        int[] shape = {1, size.height(), size.width(), 3};
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out))) {
            NpyWriter.write(file, tensor, shape);
        } catch (IOException e) {
            throw new UserError("cannot write " + out + ": " + describe(e), e);
        }
        print(spec.commandLine().getOut(), decoded, tensor, shape);
        return 0;
    }

    private byte[] readImage() {
        try {
            return Files.readAllBytes(image);
        } catch (NoSuchFileException e) {
            throw new UserError(image + ": no such file", e);
        } catch (IOException e) {
            throw new UserError("cannot read " + image + ": " + describe(e), e);
        }
    }

    private void print(PrintWriter w, DecodedImage decoded, float[] tensor, int[] shape) {
        w.printf(Locale.ROOT, "%s: %s %dx%d", image, decoded.format(), decoded.storedWidth(), decoded.storedHeight());
        if (decoded.orientation() != Orientation.NORMAL) {
            w.printf(Locale.ROOT, ", EXIF orientation %d (%s) -> %dx%d", decoded.orientation().tag(),
                    decoded.orientation().turn(), decoded.image().width(), decoded.image().height());
        }
        w.println();
        w.printf(Locale.ROOT, "wrote %s: float32 (%d, %d, %d, %d), little-endian, C order%n", out, shape[0], shape[1],
                shape[2], shape[3]);
        w.printf(Locale.ROOT, "%-8s %10s %10s %10s%n", "channel", "min", "max", "mean");
        String[] names = {"R", "G", "B"};
        for (int c = 0; c < 3; c++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            double sum = 0;
            for (int i = c; i < tensor.length; i += 3) {
                min = Math.min(min, tensor[i]);
                max = Math.max(max, tensor[i]);
                sum += tensor[i];
            }
            w.printf(Locale.ROOT, "%-8s %10.4f %10.4f %10.4f%n", names[c], min, max, sum / (tensor.length / 3));
        }
        w.flush();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static final class SizeConverter implements ITypeConverter<Size> {
        private static final Pattern SIZE = Pattern.compile("(\\d{1,5})(?:x(\\d{1,5}))?");

        @Override
        public Size convert(String value) {
            Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not H or HxW, e.g. 256 or 224x320");
            }
            int height = Integer.parseInt(m.group(1));
            int width = m.group(2) == null ? height : Integer.parseInt(m.group(2));
            if (height < 1 || width < 1 || height > SIZE_MAX || width > SIZE_MAX) {
                throw new TypeConversionException("'" + value + "': each side must be 1.." + SIZE_MAX);
            }
            return new Size(height, width);
        }
    }
}
