package io.breedline.cli.bench;

import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodeMode;
import io.breedline.worker.decode.ModelInputDecoder;
import io.breedline.worker.inference.BreedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The in-process measurements: the model alone (the ceiling), the naive loop, and decoding on one thread. */
final class ModelRuns {
    /** What one timed run did. */
    record Rate(long images, long nanos, long peakRssMiB) {
        double perSecond() {
            return images * 1e9 / nanos;
        }
    }

    private static final long MAX_PIXELS = 100_000_000L;

    private ModelRuns() {}

    /**
     * (a) The model alone on pre-made tensors: whole batches of {@code batchSize} (at least {@code images} in all), after
     * one untimed batch.
     */
    static Rate ceiling(BreedModel model, List<float[]> tensors, int images, int batchSize) throws Exception {
        int perImage = model.inputHeight() * model.inputWidth() * 3;
        float[] batch = new float[batchSize * perImage];
        for (int i = 0; i < batchSize; i++) {
            System.arraycopy(tensors.get(i % tensors.size()), 0, batch, i * perImage, perImage);
        }
        model.predict(batch, batchSize);
        int batches = Math.max(1, (images + batchSize - 1) / batchSize);
        Memory.resetPeak();
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            model.predict(batch, batchSize);
        }
        return new Rate((long) batches * batchSize, System.nanoTime() - start, Memory.peakMiB());
    }

    /** (c) The original app's way: read, decode, predict, one image at a time, in order. */
    static Rate naive(BreedModel model, List<Path> files, DecodeMode mode) throws Exception {
        try (ModelInputDecoder decoder = new ModelInputDecoder(MAX_PIXELS, mode)) {
            model.predict(decoder.decode(Files.readAllBytes(files.get(0)), model.inputHeight(), model.inputWidth()), 1);
            Memory.resetPeak();
            long start = System.nanoTime();
            for (Path file : files) {
                float[] pixels = decoder.decode(Files.readAllBytes(file), model.inputHeight(), model.inputWidth());
                model.predict(pixels, 1);
            }
            return new Rate(files.size(), System.nanoTime() - start, Memory.peakMiB());
        }
    }

    /** Decode and resize on the calling thread only, from bytes in memory, for at most {@code budgetNanos}. */
    static Rate decode(List<byte[]> images, int count, DecodeMode mode, int height, int width, long budgetNanos)
            throws DecodeException {
        try (ModelInputDecoder decoder = new ModelInputDecoder(MAX_PIXELS, mode)) {
            decoder.decode(images.get(0), height, width);
            long start = System.nanoTime();
            int done = 0;
            while (done < count && (done < 3 || System.nanoTime() - start < budgetNanos)) {
                decoder.decode(images.get(done % images.size()), height, width);
                done++;
            }
            return new Rate(done, System.nanoTime() - start, Memory.peakMiB());
        }
    }

    /** The exact-path tensors of the first {@code distinct} files: the ceiling's input. */
    static List<float[]> tensors(List<Path> files, int distinct, int height, int width) throws IOException, DecodeException {
        try (ModelInputDecoder decoder = new ModelInputDecoder(MAX_PIXELS, DecodeMode.EXACT)) {
            List<float[]> out = new java.util.ArrayList<>();
            for (Path file : files.subList(0, Math.min(distinct, files.size()))) {
                out.add(decoder.decode(Files.readAllBytes(file), height, width));
            }
            return out;
        }
    }
}
