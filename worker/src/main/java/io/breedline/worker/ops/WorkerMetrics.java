package io.breedline.worker.ops;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.StageTimings;
import io.breedline.worker.publish.BatchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker's meters (see docs/operations.md, "Metrics, health and logs"). Stage latencies are histograms with buckets, so
 * Prometheus can compute quantiles across a fleet.
 */
public final class WorkerMetrics {
    static final Duration BUSY_WINDOW = Duration.ofSeconds(30);
    private static final double[] BATCH_SIZE_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final Counter imagesIn;
    private final Counter labeled;
    private final Counter alreadyLabeled;
    private final Map<FailureStage, Counter> deadLettered = new EnumMap<>(FailureStage.class);
    private final Counter transactionsFailed;
    private final DistributionSummary batchSize;
    private final Timer fetch;
    private final Timer decode;
    private final Timer queueWait;
    private final Timer inference;
    private final Timer publish;
    private final BusyShare busy;

    public WorkerMetrics(MeterRegistry registry) {
        imagesIn = Counter.builder("breedline.worker.images.in")
                .description("Image references taken from the images topic").register(registry);
        labeled = Counter.builder("breedline.worker.images.labeled")
                .description("Predictions published in committed transactions").register(registry);
        alreadyLabeled = Counter.builder("breedline.worker.images.already.labeled")
                .description("References skipped as already labeled (de-duplication), in committed transactions")
                .register(registry);
        for (FailureStage stage : FailureStage.values()) {
            deadLettered.put(stage, Counter.builder("breedline.worker.images.dead.lettered")
                    .description("Dead letters published in committed transactions, by failure stage")
                    .tag("reason", stage.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        transactionsFailed = Counter.builder("breedline.worker.transactions.failed")
                .description("Batches whose transaction failed; they are read again").register(registry);
        batchSize = DistributionSummary.builder("breedline.worker.batch.size")
                .description("Images per model call").serviceLevelObjectives(BATCH_SIZE_BUCKETS).register(registry);
        fetch = stage(registry, "fetch");
        decode = stage(registry, "decode");
        queueWait = stage(registry, "queue_wait");
        inference = stage(registry, "inference");
        publish = stage(registry, "publish");
        busy = new BusyShare(BUSY_WINDOW, System::nanoTime);
        Gauge.builder("breedline.worker.model.busy.share", busy, BusyShare::share)
                .description("Share of the last " + BUSY_WINDOW.toSeconds() + " s the model was running").register(registry);
    }

    /** Meters that go nowhere: for a worker nobody scrapes. */
    public static WorkerMetrics none() {
        return new WorkerMetrics(new CompositeMeterRegistry());
    }

    private static Timer stage(MeterRegistry registry, String stage) {
        return Timer.builder("breedline.worker.stage.duration")
                .description("Time per image in each worker stage (inference and publish: per model call and per batch)")
                .tag("stage", stage).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
    }

    public void polled() {
        imagesIn.increment();
    }

    /** A batch's transaction committed, after {@code publishTime}: counts its outcomes and its images' stage times. */
    public void committed(BatchResult result, Duration publishTime) {
        publish.record(publishTime);
        labeled.increment(result.predictions().size());
        alreadyLabeled.increment(result.alreadyLabeled().size());
        for (DeadLetter d : result.deadLetters()) {
            deadLettered.get(d.stage()).increment();
        }
        for (Prediction p : result.predictions()) {
            StageTimings t = p.timings();
            if (t != null) {
                fetch.record(t.fetchMs(), TimeUnit.MILLISECONDS);
                decode.record(t.decodeMs(), TimeUnit.MILLISECONDS);
                queueWait.record(t.queueWaitMs(), TimeUnit.MILLISECONDS);
            }
        }
    }

    public void transactionFailed() {
        transactionsFailed.increment();
    }

    void modelCallStarted() {
        busy.started();
    }

    void modelCallFinished(int images, long nanos) {
        busy.finished();
        inference.record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(images);
    }
}
