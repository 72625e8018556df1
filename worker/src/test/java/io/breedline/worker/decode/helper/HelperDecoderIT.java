package io.breedline.worker.decode.helper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.testkit.ImageTools;
import io.breedline.testkit.SyntheticPhotos;
import io.breedline.worker.decode.BilinearResizer;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodedImage;
import io.breedline.worker.decode.ImageDecoder;
import io.breedline.worker.decode.Orientation;
import io.breedline.worker.decode.RgbImage;
import io.breedline.worker.decode.TestJpegs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder process as the worker uses it: a native crash, a hang or a pure-Java spin on one file costs that file (a
 * reason that says what happened) and a new helper, and the next file decodes; without libheif the reason says what
 * to install; what the helper decodes is what the same decoder gives in process.
 */
class HelperDecoderIT {
    private static final long MAX_PIXELS = 100_000_000L;

    @TempDir
    static Path dir;
    private static byte[] heic;
    private static byte[] png;

    @BeforeAll
    static void makeAPhoto() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        ImageIO.write(SyntheticPhotos.photo(96, 64, 5, false), "png", dir.resolve("p.png").toFile());
        ImageTools.run(dir, "heif-enc", "-q", "80", "-o", "p.heic", "p.png");
        heic = Files.readAllBytes(dir.resolve("p.heic"));
        png = Files.readAllBytes(dir.resolve("p.png"));
        Files.write(dir.resolve("turned.jpg"), TestJpegs.withSegment(TestJpegs.baseline(SyntheticPhotos.photo(96, 64, 6, false),
                0.9f), 0xE1, TestJpegs.exifOrientation(6, false)));
    }

    @Test
    void aNativeCrashFailsThatFileOnlyAndTheNextOneDecodes() throws Exception {
        try (HelperDecoder decoder = misbehaving(Duration.ofSeconds(60))) {
            assertThat(decoder.decode(heic).image().width()).isEqualTo(96);
            byte[] poison = Arrays.copyOf(MisbehavingHelperMain.CRASH, 64);
            assertThatThrownBy(() -> decoder.decode(poison))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageContaining("the decoder process crashed on this file")
                    .hasMessageContaining("SIGSEGV");
            RgbImage after = decoder.decode(heic).image();
            assertThat(after.width()).isEqualTo(96);
            assertThat(after.height()).isEqualTo(64);
        }
    }

    @Test
    void aDecodeThatHangsIsStoppedAtTheTimeLimit() throws Exception {
        try (HelperDecoder decoder = misbehaving(Duration.ofSeconds(3))) {
            byte[] hang = Arrays.copyOf(MisbehavingHelperMain.HANG, 64);
            assertThatThrownBy(() -> decoder.decode(hang))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage("decoding took longer than 3000 ms (BREEDLINE_DECODE_TIMEOUT); the decoder process was stopped");
            assertThat(decoder.decode(heic).image().width()).isEqualTo(96);
        }
    }

    // What a JPEG or PNG that sends ImageIO into an endless loop does: pure Java code that never returns and ignores
    // interrupts. Only killing its process stops it.
    @Test
    void aPureJavaDecodeThatSpinsIsStoppedAtTheTimeLimit() throws Exception {
        try (HelperDecoder decoder = misbehaving(Duration.ofSeconds(3))) {
            byte[] spin = Arrays.copyOf(MisbehavingHelperMain.SPIN, 64);
            assertThatThrownBy(() -> decoder.decode(spin))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage("decoding took longer than 3000 ms (BREEDLINE_DECODE_TIMEOUT); the decoder process was stopped");
            DecodedImage after = decoder.decode(png);
            assertThat(after.format()).isEqualTo("PNG");
            assertThat(after.image().width()).isEqualTo(96);
        }
    }

    @Test
    void theHelperDecodesAsTheSameDecoderInProcess() throws Exception {
        byte[] turnedJpeg = Files.readAllBytes(dir.resolve("turned.jpg"));
        try (HelperDecoder helper = new HelperDecoder(MAX_PIXELS, HelperOptions.DEFAULT);
                ImageDecoder inProcess = new ImageDecoder(MAX_PIXELS,
                        InProcessNatives.load(HelperDecoder.DEFAULT_LIBRARY, HelperDecoder.DEFAULT_WEBP_LIBRARY, MAX_PIXELS))) {
            for (byte[] file : List.of(png, turnedJpeg, heic)) {
                DecodedImage expected = inProcess.decodeDetailed(file);
                DecodedImage actual = helper.decode(file);
                assertThat(actual.format()).isEqualTo(expected.format());
                assertThat(actual.orientation()).isEqualTo(expected.orientation());
                assertThat(actual.storedWidth()).isEqualTo(expected.storedWidth());
                assertThat(actual.storedHeight()).isEqualTo(expected.storedHeight());
                assertThat(actual.image()).usingRecursiveComparison().isEqualTo(expected.image());
                assertThat(helper.decodeResized(file, 40, 30))
                        .as("the model input resized in the helper")
                        .containsExactly(BilinearResizer.resize(expected.image(), 40, 30));
            }
            assertThat(helper.decode(turnedJpeg).orientation()).isEqualTo(Orientation.ROTATED_90_CLOCKWISE);
            assertThatThrownBy(() -> helper.decode("plain text".getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageContaining("not an image this worker can read");
        }
    }

    @Test
    void withoutLibheifTheReasonSaysWhatToInstall() {
        try (HelperDecoder decoder = new HelperDecoder(new HelperOptions("libheif-not-installed.so.1",
                HelperDecoder.DEFAULT_WEBP_LIBRARY, Duration.ofSeconds(10)), HelperDecoder.HELPER_MAIN, MAX_PIXELS)) {
            assertThat(decoder.libraryVersion()).isEmpty();
            assertThatThrownBy(() -> decoder.decode(heic))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageContaining("HEIC/HEIF and AVIF need libheif")
                    .hasMessageContaining("apt-get install libheif1");
        }
    }

    @Test
    void anImageOverThePixelLimitIsRefusedBeforeDecoding() {
        try (HelperDecoder decoder = new HelperDecoder(96L * 64 - 1, HelperOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)))) {
            assertThatThrownBy(() -> decoder.decode(heic))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageContaining("image is 96x64 = 6144 pixels, more than the limit of 6143");
        }
    }

    private static HelperDecoder misbehaving(Duration timeout) {
        return new HelperDecoder(HelperOptions.DEFAULT.withTimeout(timeout), MisbehavingHelperMain.class.getName(),
                MAX_PIXELS);
    }
}
