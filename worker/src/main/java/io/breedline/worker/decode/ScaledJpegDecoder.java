package io.breedline.worker.decode;

import io.breedline.tensorflow.TensorFlowRuntime;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Decodes a JPEG with TensorFlow's {@code DecodeJpeg} (libjpeg-turbo, SIMD), a large one straight to a fraction of its
 * size (1/2, 1/4 or 1/8) with its {@code ratio}: libjpeg-turbo's scaled inverse DCT computes the smaller image from the
 * DCT coefficients, so a 12-megapixel photo costs about what a small one does (its entropy decoding aside). The ratio
 * is the largest that keeps both sides at least the model's input size, so the bilinear resize that follows still only
 * shrinks. At ratio 1 (a small photo) the output is javax.imageio's (same integer IDCT, same upsampling; FastDecodeTest
 * bounds the difference), a few times faster.
 *
 * <p>What differs from the exact path ({@link ImageDecoder} then {@link BilinearResizer}): each output sample of a
 * scaled decode is the mean of the r x r block it stands for (the DCT's DC term and low frequencies), where the exact
 * path's bilinear resize, without antialiasing, reads 4 of the full-size pixels and ignores the rest. On photographs
 * the two tensors differ by a few levels in 255 on average (FastDecodeTest measures and bounds it); the fast one is
 * the less aliased of the two. EXIF orientation is applied, ICC profiles ignored, as on the exact path.
 *
 * <p>One TensorFlow session serves every decode thread (a session runs concurrent calls), each call running in the
 * calling thread, so the decode pool's size stays the budget of CPU spent decoding.
 */
final class ScaledJpegDecoder implements AutoCloseable {
    static final int[] RATIOS = {8, 4, 2, 1};

    private final Graph graph;
    private final Session session;
    private final Placeholder<TString> input;
    private final DecodeJpeg[] decoders;

    ScaledJpegDecoder() {
        TensorFlowRuntime.ensureLoaded();
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            input = tf.withName("jpeg").placeholder(TString.class);
            decoders = new DecodeJpeg[RATIOS.length];
            for (int i = 0; i < RATIOS.length; i++) {
                // The accurate integer IDCT is the one javax.imageio uses: the fast path differs only by its scaling.
                decoders[i] = tf.withName("decode_ratio_" + RATIOS[i]).image.decodeJpeg(input,
                        DecodeJpeg.channels(3L), DecodeJpeg.ratio((long) RATIOS[i]),
                        DecodeJpeg.dctMethod("INTEGER_ACCURATE"));
            }
            // inter-op -1: run in the caller's thread (no hand-off, no extra pool); a decode uses one core.
            ConfigProto config = ConfigProto.newBuilder()
                    .setInterOpParallelismThreads(-1)
                    .setIntraOpParallelismThreads(1)
                    .build();
            session = new Session(graph, config);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * The largest scale-down ratio (8, 4 or 2) after which a {@code width x height} stored image still covers the
     * model input in both directions, or 1 when none does. libjpeg rounds scaled sizes up.
     */
    static int ratioFor(int width, int height, Orientation orientation, int targetHeight, int targetWidth) {
        int needWidth = orientation.swapsAxes() ? targetHeight : targetWidth;
        int needHeight = orientation.swapsAxes() ? targetWidth : targetHeight;
        for (int ratio : RATIOS) {
            if (ratio > 1 && ceilDiv(width, ratio) >= needWidth && ceilDiv(height, ratio) >= needHeight) {
                return ratio;
            }
        }
        return 1;
    }

    /**
     * The JPEG's stored pixels scaled down by {@code ratio}, or empty if TensorFlow refuses the data (the exact path
     * then decodes it, and reports the damage in its own words).
     */
    Optional<RgbImage> decode(byte[] data, int ratio) {
        int index = indexOf(ratio);
        try (TString jpeg = TString.tensorOfBytes(NdArrays.scalarOfObject(data));
                Result result = session.runner().feed(input, jpeg).fetch(decoders[index]).run()) {
            TUint8 image = (TUint8) result.get(0);
            Shape shape = image.shape();
            int h = Math.toIntExact(shape.get(0));
            int w = Math.toIntExact(shape.get(1));
            byte[] pixels = new byte[h * w * 3];
            image.copyTo(DataBuffers.of(pixels, false, false));
            return Optional.of(new RgbImage(w, h, pixels));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int indexOf(int ratio) {
        for (int i = 0; i < RATIOS.length; i++) {
            if (RATIOS[i] == ratio) {
                return i;
            }
        }
        throw new IllegalArgumentException("ratio must be one of 8, 4, 2, 1, was " + ratio);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
