package io.breedline.worker.decode;

import io.breedline.tensorflow.TensorFlowRuntime;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/** TensorFlow's own image kernels, run in-process, as the reference the worker's Java code must match. */
final class TensorFlowImageOps {
    private TensorFlowImageOps() {}

    /** {@code tf.image.resize(image, (h, w), "bilinear", antialias=False)}: ResizeBilinear, half-pixel centres, on uint8. */
    static float[] resizeBilinear(RgbImage image, int height, int width) {
        TensorFlowRuntime.ensureLoaded();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TUint8> input = tf.placeholder(TUint8.class);
            ResizeBilinear resized = tf.image.resizeBilinear(input, tf.constant(new int[] {height, width}),
                    ResizeBilinear.halfPixelCenters(true));
            try (TUint8 pixels = TUint8.tensorOf(Shape.of(1, image.height(), image.width(), 3),
                    DataBuffers.of(image.pixels(), true, false));
                    Result result = session.runner().feed(input, pixels).fetch(resized).run()) {
                float[] out = new float[height * width * 3];
                ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
                return out;
            }
        }
    }

    /** {@code tf.io.decode_image(data, channels=3, expand_animations=False)}, as Keras' dataset loader calls it. */
    static RgbImage decodeImage(byte[] data) {
        return decode(data, (tf, bytes) -> tf.image.decodeImage(bytes, TUint8.class, DecodeImage.channels(3L),
                DecodeImage.expandAnimations(false)));
    }

    /** {@code tf.io.decode_jpeg(data, channels=3, dct_method=...)}: "" is TensorFlow's default, the fast IDCT. */
    static RgbImage decodeJpeg(byte[] data, String dctMethod) {
        return decode(data, (tf, bytes) -> tf.image.decodeJpeg(bytes, DecodeJpeg.channels(3L),
                DecodeJpeg.dctMethod(dctMethod)));
    }

    private interface Decoder {
        Operand<TUint8> build(Ops tf, Operand<TString> bytes);
    }

    private static RgbImage decode(byte[] data, Decoder decoder) {
        TensorFlowRuntime.ensureLoaded();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TString> bytes = tf.placeholder(TString.class);
            Operand<TUint8> decoded = decoder.build(tf, bytes);
            try (TString input = TString.tensorOfBytes(NdArrays.scalarOfObject(data));
                    Result result = session.runner().feed(bytes, input).fetch(decoded).run()) {
                TUint8 image = (TUint8) result.get(0);
                long[] shape = image.shape().asArray();
                byte[] pixels = new byte[(int) (shape[0] * shape[1] * 3)];
                image.copyTo(DataBuffers.of(pixels, false, false));
                return new RgbImage((int) shape[1], (int) shape[0], pixels);
            }
        }
    }
}
