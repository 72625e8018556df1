package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Expected values worked out by hand from TensorFlow's ResizeBilinear with half_pixel_centers=True: source coordinate
 * (out + 0.5) * in/out - 0.5, neighbours clamped to the image, weights from the fraction. Every value is exact in
 * float, so the comparison is exact.
 */
class BilinearResizerTest {

    @Test
    void upscales2x2To4x4() {
        RgbImage src = image(2, 2, new int[][] {{0, 100}, {200, 40}});
        // Along each axis the source coordinates are -0.25 (clamped: first pixel), 0.25, 0.75, 1.25 (clamped: last).
        float[][] expected = {
            {0, 25, 75, 100},
            {50, 58.75f, 76.25f, 85},
            {150, 126.25f, 78.75f, 55},
            {200, 160, 80, 40},
        };
        assertResized(src, expected);
    }

    @Test
    void downscales4x4To2x2AsTheMeanOfEachBlock() {
        int[][] v = new int[4][4];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                v[y][x] = 40 * y + 10 * x;
            }
        }
        // Source coordinates 0.5 and 2.5: halfway between two pixels on both axes.
        assertResized(image(4, 4, v), new float[][] {{25, 45}, {105, 125}});
    }

    @Test
    void resizesEachAxisOnItsOwnScale() {
        // 3 wide x 2 high -> 2 wide x 4 high. x: scale 1.5, coordinates 0.25 and 1.75; y: as in the 2 -> 4 case.
        RgbImage src = image(3, 2, new int[][] {{0, 40, 200}, {100, 20, 60}});
        float[][] expected = {
            {10, 160},
            {27.5f, 132.5f},
            {62.5f, 77.5f},
            {80, 50},
        };
        assertResized(src, expected);
    }

    @Test
    void theSameSizeIsTheIdentity() {
        int[][] v = {{1, 2, 3}, {4, 5, 6}};
        assertResized(image(3, 2, v), new float[][] {{1, 2, 3}, {4, 5, 6}});
    }

    @Test
    void aSinglePixelFillsTheOutput() {
        float[] out = BilinearResizer.resize(image(1, 1, new int[][] {{77}}), 3, 5);
        for (int i = 0; i < out.length; i += 3) {
            assertThat(out[i]).isEqualTo(77f);
        }
    }

    @Test
    void refusesAnEmptyOutput() {
        assertThatThrownBy(() -> BilinearResizer.resize(image(1, 1, new int[][] {{0}}), 0, 4))
                .hasMessageContaining("output size must be positive");
    }

    /** R = v, G = 255 - v, B = 7: checks channels stay apart and in order. */
    private static RgbImage image(int w, int h, int[][] v) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                px[i] = (byte) v[y][x];
                px[i + 1] = (byte) (255 - v[y][x]);
                px[i + 2] = 7;
            }
        }
        return new RgbImage(w, h, px);
    }

    private static void assertResized(RgbImage src, float[][] expectedRed) {
        int outH = expectedRed.length;
        int outW = expectedRed[0].length;
        float[] out = BilinearResizer.resize(src, outH, outW);
        assertThat(out).hasSize(outH * outW * 3);
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int i = (y * outW + x) * 3;
                assertThat(out[i]).as("R at row %d column %d", y, x).isEqualTo(expectedRed[y][x]);
                assertThat(out[i + 1]).as("G at row %d column %d", y, x).isEqualTo(255 - expectedRed[y][x]);
                assertThat(out[i + 2]).as("B at row %d column %d", y, x).isEqualTo(7f);
            }
        }
    }
}
