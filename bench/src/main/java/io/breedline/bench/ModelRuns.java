package io.breedline.bench;

import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodeMode;
import io.breedline.worker.decode.ModelInputDecoder;
import io.breedline.worker.inference.BreedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        return ceiling(model, tensors, images, batchSize, 1);
    }

    /**
     * The same with {@code streams} batches in the model at once, each from its own thread, as a worker with that many
     * model streams runs it: at least {@code images} in all, whole batches, after one untimed round.
     */
    static Rate ceiling(BreedModel model, List<float[]> tensors, int images, int batchSize, int streams)
            throws Exception {
        int perImage = model.inputHeight() * model.inputWidth() * 3;
        float[] batch = new float[batchSize * perImage];
        for (int i = 0; i < batchSize; i++) {
            System.arraycopy(tensors.get(i % tensors.size()), 0, batch, i * perImage, perImage);
        }
        int batchesPerStream = Math.max(1, (images + batchSize * streams - 1) / (batchSize * streams));
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        try {
            runStreams(pool, model, batch, batchSize, streams, 1);
            Memory.resetPeak();
            long start = System.nanoTime();
            runStreams(pool, model, batch, batchSize, streams, batchesPerStream);
            return new Rate((long) batchesPerStream * streams * batchSize, System.nanoTime() - start, Memory.peakMiB());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runStreams(ExecutorService pool, BreedModel model, float[] batch, int batchSize, int streams,
            int batchesEach) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            running.add(pool.submit(() -> {
                for (int b = 0; b < batchesEach; b++) {
                    model.predict(batch, batchSize); // read-only input: the streams may share it
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
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
            List<float[]> out = new ArrayList<>();
            for (Path file : files.subList(0, Math.min(distinct, files.size()))) {
                out.add(decoder.decode(Files.readAllBytes(file), height, width));
            }
            return out;
        }
    }
}
