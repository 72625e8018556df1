package io.breedline.worker.consume;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.StageTimings;
import io.breedline.contracts.BreedScore;
import io.breedline.worker.inference.BreedModel;
import io.breedline.worker.inference.Calibrator;
import io.breedline.worker.inference.TopK;
import io.breedline.worker.publish.BatchResult;
import io.breedline.worker.publish.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch through the model and turns it into messages. Runs on the inference thread, one batch at a time.
 *
 * <p>If the model call fails for the whole batch, each image is tried alone, so an image the model chokes on becomes
 * an INFERENCE dead letter instead of taking its batch with it.
 */
public final class BatchRunner {
    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    private final BreedModel model;
    private final Messages messages;
    private final int topK;
    private final Calibrator calibrator;
    private final LongSupplier nanoClock;
    // The batch's input, reused from batch to batch by each inference thread: at 32 images of 256x256 it is 25 MB,
    // which allocated anew for every batch costs the garbage collector (a humongous object for G1) CPU the model needs.
    private final ThreadLocal<float[]> batchPixels = ThreadLocal.withInitial(() -> new float[0]);

    public BatchRunner(BreedModel model, Messages messages, int topK, LongSupplier nanoClock) {
        this(model, messages, topK, Calibrator.NONE, nanoClock);
    }

    /** @param calibrator the model version's saved calibration, or {@link Calibrator#NONE} */
    public BatchRunner(BreedModel model, Messages messages, int topK, Calibrator calibrator, LongSupplier nanoClock) {
        this.model = model;
        this.messages = messages;
        this.topK = topK;
        this.calibrator = calibrator;
        this.nanoClock = nanoClock;
    }

    BatchResult run(Batch batch) {
        List<PolledItem> ready = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<AlreadyLabeled> skipped = new ArrayList<>();
        for (PolledItem item : batch.items()) {
            if (item.outcome() instanceof Prepared.Failed failed) {
                deadLetters.add(failed.deadLetter());
            } else if (item.outcome() instanceof Prepared.Ready) {
                ready.add(item);
            } else if (item.outcome() instanceof Prepared.Skipped && item.ref() != null) {
                // The row is an earlier reference's, under its job: this notice gives the image an outcome in its own.
                skipped.add(messages.alreadyLabeled(item.ref()));
            }
        }
        List<Prediction> predictions = ready.isEmpty() ? List.of() : infer(ready, deadLetters);
        return new BatchResult(predictions, deadLetters, batch.nextOffsets(), List.of(), skipped);
    }

    private List<Prediction> infer(List<PolledItem> items, List<DeadLetter> deadLetters) {
        int perImage = model.inputHeight() * model.inputWidth() * 3;
        float[] pixels = batchPixels.get();
        if (pixels.length < items.size() * perImage) {
            pixels = new float[items.size() * perImage];
            batchPixels.set(pixels);
        }
        for (int i = 0; i < items.size(); i++) {
            System.arraycopy(ready(items.get(i)).pixels(), 0, pixels, i * perImage, perImage);
        }
        long start = nanoClock.getAsLong();
        float[][] probabilities;
        try {
            probabilities = model.predict(pixels, items.size());
        } catch (Exception e) {
            if (items.size() == 1) {
                deadLetters.add(inferenceFailure(items.get(0), e));
                return List.of();
            }
            log.warn("The model failed on a batch of {}; trying its images one by one", items.size(), e);
            return inferOneByOne(items, deadLetters);
        }
        long inferenceMs = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start);
        List<Prediction> predictions = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                predictions.add(prediction(items.get(i), probabilities[i], start, inferenceMs, items.size()));
            } catch (RuntimeException e) {
                // An output row that cannot be read as probabilities (NaN, say) fails its image, not the worker.
                deadLetters.add(inferenceFailure(items.get(i), e));
            }
        }
        return predictions;
    }

    private List<Prediction> inferOneByOne(List<PolledItem> items, List<DeadLetter> deadLetters) {
        List<Prediction> predictions = new ArrayList<>();
        for (PolledItem item : items) {
            long start = nanoClock.getAsLong();
            try {
                float[][] p = model.predict(ready(item).pixels(), 1);
                long inferenceMs = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start);
                predictions.add(prediction(item, p[0], start, inferenceMs, 1));
            } catch (Exception e) {
                deadLetters.add(inferenceFailure(item, e));
            }
        }
        return predictions;
    }

    private Prediction prediction(PolledItem item, float[] probabilities, long inferenceStart, long inferenceMs, int batchSize) {
        Prepared.Ready ready = ready(item);
        long queueWaitMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(inferenceStart - ready.readyNanos()));
        StageTimings timings = new StageTimings(ready.fetchMs(), ready.decodeMs(), queueWaitMs, inferenceMs, batchSize);
        List<BreedScore> raw = TopK.of(probabilities, model.labels(), topK);
        return messages.prediction(item.ref(), ready.etag(), ready.versionId(), raw, calibrator.apply(probabilities, raw),
                timings);
    }

    private DeadLetter inferenceFailure(PolledItem item, Exception e) {
        return messages.deadLetter(item.ref(), FailureStage.INFERENCE,
                item.ref().uri() + ": the model failed on this image: " + e.getMessage(), e.getClass().getName(), false);
    }

    private static Prepared.Ready ready(PolledItem item) {
        return (Prepared.Ready) item.outcome();
    }
}
