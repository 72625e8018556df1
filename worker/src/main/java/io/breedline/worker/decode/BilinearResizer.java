package io.breedline.worker.decode;

/**
 * Resizes to the model input exactly as TensorFlow's {@code tf.image.resize(method="bilinear", antialias=False)}
 * does (the {@code ResizeBilinear} kernel with {@code half_pixel_centers=True}), so the worker feeds the model what
 * a Python pipeline would have: source coordinate {@code (out + 0.5) * in/out - 0.5}, lower neighbour clamped at 0,
 * upper at {@code in - 1}, weights from the fractional part, all in float on the 0..255 samples. No normalisation:
 * the model does that itself. TensorFlowParityTest runs TensorFlow's kernel on the same input: the results are
 * identical, bit for bit.
 */
public final class BilinearResizer {
    private BilinearResizer() {}

    /** The image as {@code outHeight * outWidth * 3} floats in 0..255, row-major, channels last (one NHWC image). */
    public static float[] resize(RgbImage src, int outHeight, int outWidth) {
        if (outHeight <= 0 || outWidth <= 0) {
            throw new IllegalArgumentException("output size must be positive, was " + outWidth + "x" + outHeight);
        }
        Weights xs = Weights.of(src.width(), outWidth);
        Weights ys = Weights.of(src.height(), outHeight);
        byte[] in = src.pixels();
        int rowBytes = src.width() * 3;
        float[] out = new float[outHeight * outWidth * 3];
        int o = 0;
        for (int y = 0; y < outHeight; y++) {
            int top = ys.lower[y] * rowBytes;
            int bottom = ys.upper[y] * rowBytes;
            float yLerp = ys.lerp[y];
            for (int x = 0; x < outWidth; x++) {
                int left = xs.lower[x] * 3;
                int right = xs.upper[x] * 3;
                float xLerp = xs.lerp[x];
                for (int c = 0; c < 3; c++) {
                    float topLeft = in[top + left + c] & 0xff;
                    float topRight = in[top + right + c] & 0xff;
                    float bottomLeft = in[bottom + left + c] & 0xff;
                    float bottomRight = in[bottom + right + c] & 0xff;
                    // Same operation order as TensorFlow's compute_lerp, so results match to the last bit.
                    float topMix = topLeft + (topRight - topLeft) * xLerp;
                    float bottomMix = bottomLeft + (bottomRight - bottomLeft) * xLerp;
                    out[o++] = topMix + (bottomMix - topMix) * yLerp;
                }
            }
        }
        return out;
    }

    /** Per output index along one axis: the two source indices and the weight of the upper one. */
    private record Weights(int[] lower, int[] upper, float[] lerp) {
        static Weights of(int inSize, int outSize) {
            float scale = (float) inSize / outSize;
            int[] lower = new int[outSize];
            int[] upper = new int[outSize];
            float[] lerp = new float[outSize];
            for (int i = 0; i < outSize; i++) {
                float in = ((float) i + 0.5f) * scale - 0.5f;
                float inFloor = (float) Math.floor(in);
                lower[i] = Math.max((int) inFloor, 0);
                upper[i] = Math.min((int) Math.ceil(in), inSize - 1);
                lerp[i] = in - inFloor;
            }
            return new Weights(lower, upper, lerp);
        }
    }
}
