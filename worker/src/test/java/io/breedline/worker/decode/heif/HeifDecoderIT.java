package io.breedline.worker.decode.heif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.testkit.ImageTools;
import io.breedline.testkit.SyntheticPhotos;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder process as the worker uses it: a native crash or a hang on one file costs that file (a reason that says
 * what happened) and a new helper, and the next file decodes; without libheif the reason says what to install.
 */
class HeifDecoderIT {
    private static final long MAX_PIXELS = 100_000_000L;

    @TempDir
    static Path dir;
    private static byte[] heic;

    @BeforeAll
    static void makeAPhoto() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        ImageIO.write(SyntheticPhotos.photo(96, 64, 5, false), "png", dir.resolve("p.png").toFile());
        ImageTools.run(dir, "heif-enc", "-q", "80", "-o", "p.heic", "p.png");
        heic = Files.readAllBytes(dir.resolve("p.heic"));
    }

    @Test
    void aNativeCrashFailsThatFileOnlyAndTheNextOneDecodes() throws Exception {
        try (HeifDecoder decoder = misbehaving(Duration.ofSeconds(60))) {
            assertThat(decoder.decode(heic).width()).isEqualTo(96);
            byte[] poison = Arrays.copyOf(MisbehavingHelperMain.CRASH, 64);
            assertThatThrownBy(() -> decoder.decode(poison))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageContaining("the native decoder crashed on this file")
                    .hasMessageContaining("SIGSEGV");
            RgbImage after = decoder.decode(heic);
            assertThat(after.width()).isEqualTo(96);
            assertThat(after.height()).isEqualTo(64);
        }
    }

    @Test
    void aDecodeThatHangsIsStoppedAtTheTimeLimit() throws Exception {
        try (HeifDecoder decoder = misbehaving(Duration.ofSeconds(3))) {
            byte[] hang = Arrays.copyOf(MisbehavingHelperMain.HANG, 64);
            assertThatThrownBy(() -> decoder.decode(hang))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage("decoding took longer than 3000 ms (BREEDLINE_DECODE_TIMEOUT); the decoder process was stopped");
            assertThat(decoder.decode(heic).width()).isEqualTo(96);
        }
    }

    @Test
    void withoutLibheifTheReasonSaysWhatToInstall() {
        try (HeifDecoder decoder = new HeifDecoder("libheif-not-installed.so.1", HeifDecoder.HELPER_MAIN, MAX_PIXELS,
                Duration.ofSeconds(10))) {
            assertThat(decoder.libraryVersion()).isEmpty();
            assertThatThrownBy(() -> decoder.decode(heic))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageContaining("HEIC/HEIF and AVIF need libheif")
                    .hasMessageContaining("apt-get install libheif1");
        }
    }

    @Test
    void anImageOverThePixelLimitIsRefusedBeforeDecoding() {
        try (HeifDecoder decoder = new HeifDecoder(96L * 64 - 1, Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> decoder.decode(heic))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageContaining("image is 96x64 = 6144 pixels, more than the limit of 6143");
        }
    }

    private static HeifDecoder misbehaving(Duration timeout) {
        return new HeifDecoder(HeifDecoder.DEFAULT_LIBRARY, MisbehavingHelperMain.class.getName(), MAX_PIXELS, timeout);
    }
}
