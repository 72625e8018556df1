package io.breedline.kerasimport;

import java.nio.file.Path;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/** Runs a SavedModel's serving signature, or any of its graph's tensors, on a batch of images. */
final class SavedModelRunner implements AutoCloseable {
    private final SavedModelBundle bundle;
    private final SignatureDef signature;

    SavedModelRunner(Path dir) {
        bundle = SavedModelBundle.load(dir.toString(), KerasImporter.TAG);
        signature = bundle.metaGraphDef().getSignatureDefMap().get(KerasImporter.SIGNATURE_KEY);
    }

    String outputTensor() {
        return signature.getOutputsMap().values().iterator().next().getName();
    }

    /** {@code tensor} (e.g. the signature's output) for {@code images}, flattened. */
    float[] run(float[] images, int batch, int size, String tensor) {
        String input = signature.getInputsMap().values().iterator().next().getName();
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(batch, size, size, 3), DataBuffers.of(images, true, false));
                Result result = bundle.session().runner().feed(input, in).fetch(tensor).run()) {
            Tensor out = result.get(0);
            float[] values = new float[Math.toIntExact(out.shape().size())];
            ((TFloat32) out).asRawTensor().data().asFloats().read(values);
            return values;
        }
    }

    /** Pixel values as the worker feeds them: RGB floats in 0..255. */
    static float[] images(int batch, int size, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[batch * size * size * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        return pixels;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
