package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stored image is 3 wide and 2 high, pixels named a..f row by row; each case is the upright image as the EXIF
 * specification draws it for that orientation, rows separated by '/'.
 */
class OrientationTest {
    private static final String STORED = "abc/def";

    @ParameterizedTest(name = "orientation {0}: {1}")
    @CsvSource({
        "1, abc/def",
        "2, cba/fed",
        "3, fed/cba",
        "4, def/abc",
        "5, ad/be/cf",
        "6, da/eb/fc",
        "7, fc/eb/da",
        "8, cf/be/ad",
    })
    void turnsTheStoredPixelsUpright(int tag, String upright) {
        Orientation orientation = Orientation.ofTag(tag);
        assertThat(orientation.tag()).isEqualTo(tag);
        assertThat(orientation.swapsAxes()).isEqualTo(tag >= 5);
        assertThat(render(orientation.apply(image(STORED)))).isEqualTo(upright);
    }

    @ParameterizedTest
    @CsvSource({"0", "9", "-1", "65535"})
    void unknownValuesMeanAsStored(int tag) {
        assertThat(Orientation.ofTag(tag)).isEqualTo(Orientation.NORMAL);
    }

    /** One pixel per letter; the letter is in all three channels, so a channel mix-up shows. */
    private static RgbImage image(String rows) {
        String[] lines = rows.split("/");
        int w = lines[0].length();
        byte[] px = new byte[w * lines.length * 3];
        for (int y = 0; y < lines.length; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                px[i] = (byte) lines[y].charAt(x);
                px[i + 1] = (byte) (lines[y].charAt(x) + 1);
                px[i + 2] = (byte) (lines[y].charAt(x) + 2);
            }
        }
        return new RgbImage(w, lines.length, px);
    }

    private static String render(RgbImage img) {
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < img.height(); y++) {
            if (y > 0) {
                out.append('/');
            }
            for (int x = 0; x < img.width(); x++) {
                char c = (char) img.sample(x, y, 0);
                assertThat(img.sample(x, y, 1)).isEqualTo(c + 1);
                assertThat(img.sample(x, y, 2)).isEqualTo(c + 2);
                out.append(c);
            }
        }
        return out.toString();
    }
}
