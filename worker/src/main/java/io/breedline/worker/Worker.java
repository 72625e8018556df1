package io.breedline.worker;

import io.breedline.clients.ops.Health;
import io.breedline.clients.s3.S3Clients;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import io.breedline.worker.consume.BatchRunner;
import io.breedline.worker.consume.ImagePreparer;
import io.breedline.worker.consume.KafkaClients;
import io.breedline.worker.consume.LoopSettings;
import io.breedline.worker.consume.WorkerLoop;
import io.breedline.worker.decode.ModelInputDecoder;
import io.breedline.worker.dedup.Dedup;
import io.breedline.worker.dedup.KafkaMarkSource;
import io.breedline.worker.dedup.MarkDedup;
import io.breedline.worker.fetch.FileFetcher;
import io.breedline.worker.fetch.HttpFetcher;
import io.breedline.worker.fetch.RoutingFetcher;
import io.breedline.worker.fetch.S3Fetcher;
import io.breedline.worker.inference.BreedModel;
import io.breedline.worker.inference.Calibrator;
import io.breedline.worker.inference.ModelLoader;
import io.breedline.worker.ops.HeapRegionCheck;
import io.breedline.worker.ops.LaneMeters;
import io.breedline.worker.ops.MeteredModel;
import io.breedline.worker.ops.WorkerMetrics;
import io.breedline.worker.publish.Messages;
import io.breedline.worker.publish.TransactionalPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One worker: polls image references, prepares them, runs them through the model in batches and publishes the
 * predictions. {@link #start()} runs it on its own thread; {@link #close()} stops it gracefully.
 *
 * <p>The worker owns what it creates and closes it: the S3 client, the thread pools, the Kafka clients and the model
 * (a model given to the constructor too).
 */
public final class Worker implements AutoCloseable, Health {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    // Beyond the drain timeout: closing the Kafka clients, then the model.
    private static final Duration CLOSE_SLACK = Duration.ofSeconds(15);
    // Consumer lag appears per partition only after the first fetch: look for new Kafka metrics this often.
    private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(5);

    private final WorkerConfig config;
    private final S3Client s3;
    private final BreedModel model;
    private final Calibrator calibrator;
    private final MeterRegistry registry;
    private final WorkerMetrics metrics;
    private final WorkerStats stats;
    private final boolean warmUpNeeded;
    private volatile boolean warmedUp;
    private final ScheduledExecutorService kafkaMetricsRefresh =
            Executors.newSingleThreadScheduledExecutor(threads("breedline-kafka-metrics"));
    private volatile KafkaClientMetrics kafkaMetrics;
    private final ExecutorService fetchPool;
    private final ExecutorService decodePool;
    private final ExecutorService inferenceThread;
    private final ModelInputDecoder decoder;
    private final WorkerLoop loop;
    private final Thread loopThread;
    private volatile Throwable failure;
    private boolean started;
    private boolean closed;

    /** Loads the model {@code config.model()} names (from disk or S3); fails at once if it cannot be served. */
    public Worker(WorkerConfig config) {
        this(config, new CompositeMeterRegistry());
    }

    /** As {@link #Worker(WorkerConfig)}, reporting metrics to {@code registry}. */
    public Worker(WorkerConfig config, MeterRegistry registry) {
        // The loader warms the model up itself, with a full batch.
        this(config, s3 -> ModelLoader.load(config.model().spec(),
                config.batching().maxBatchSize(), () -> s3), registry, false);
    }

    /** Serves {@code model} instead of loading one (tests, or a caller that loaded it already). */
    public Worker(WorkerConfig config, BreedModel model) {
        this(config, model, new CompositeMeterRegistry());
    }

    /** Serves {@code model}, reporting metrics to {@code registry}; warms it up with one image before polling. */
    public Worker(WorkerConfig config, BreedModel model, MeterRegistry registry) {
        this(config, s3 -> model, registry, true);
    }

    private Worker(WorkerConfig config, Function<S3Client, BreedModel> modelLoader, MeterRegistry registry,
            boolean warmUpNeeded) {
        this.config = config;
        this.registry = registry;
        this.metrics = new WorkerMetrics(registry);
        this.stats = new WorkerStats(metrics);
        LaneMeters.register(registry, lanes(config.group().topics()));
        this.warmUpNeeded = warmUpNeeded;
        this.warmedUp = !warmUpNeeded;
        this.s3 = S3Clients.create(config.s3());
        try {
            this.model = modelLoader.apply(s3);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        try {
            this.calibrator = config.model().calibration()
                    ? Calibrator.forModel(config.model().spec().cacheDir(), model.version()) : Calibrator.NONE;
        } catch (RuntimeException e) {
            model.close();
            s3.close();
            throw e;
        }
        this.fetchPool = Executors.newFixedThreadPool(config.intake().fetchThreads(), threads("breedline-fetch"));
        this.decodePool = Executors.newFixedThreadPool(config.intake().decodeThreads(), threads("breedline-decode"));
        // One thread per model stream: the pool bounds how many batches run in the model at once, also when a rewind
        // leaves a batch computing whose result is no longer wanted.
        this.inferenceThread = Executors.newFixedThreadPool(config.batching().modelStreams(),
                threads("breedline-inference"));
        this.decoder = new ModelInputDecoder(config.intake().maxImagePixels(), config.intake().decodeMode(),
                config.intake().decoding());
        this.loop = newLoop();
        this.loopThread = new Thread(this::runLoop, "breedline-worker-" + config.workerId());
    }

    private WorkerLoop newLoop() {
        WorkerConfig.Group group = config.group();
        WorkerConfig.Batching batching = config.batching();
        WorkerConfig.Intake intake = config.intake();
        Messages messages = new Messages(config.workerId(), model.name(), model.version(), Clock.systemUTC());
        RoutingFetcher fetcher = new RoutingFetcher(
                new S3Fetcher(s3, intake.maxImageBytes()), new FileFetcher(intake.fileRoots(), intake.maxImageBytes()),
                new HttpFetcher(intake.httpAllow(), intake.maxImageBytes(), intake.httpTimeout()));
        ImagePreparer preparer = new ImagePreparer(fetcher, decoder,
                model.inputHeight(), model.inputWidth(), messages, fetchPool, decodePool, System::nanoTime);
        BatchRunner runner = new BatchRunner(new MeteredModel(model, metrics), messages, config.model().topK(), calibrator,
                System::nanoTime);
        Map<String, Object> consumerProps = KafkaClients.consumer(config.kafka(), group.groupId(), group.workerId(),
                batching.maxInFlight());
        Map<String, Object> producerProps = KafkaClients.producer(config.kafka(), group.transactionalId());
        // Inside a revocation the group waits for us at most max.poll.interval.ms; leave room to publish.
        Duration revokeWait = Duration.ofMillis(Math.min(group.shutdownTimeout().toMillis(),
                KafkaClients.maxPollIntervalMs(consumerProps) / 2));
        LoopSettings settings = new LoopSettings(group.topics().images(), batching.maxBatchSize(), batching.maxBatchDelay(),
                batching.maxInFlight(), group.shutdownTimeout(), revokeWait, batching.modelStreams(),
                group.topics().priority());
        // The marks are read (and the labeled topic checked) within the time a rebalance callback may take.
        Dedup dedup = new MarkDedup(model.version(), new KafkaMarkSource(config.kafka().common(), group.topics().images(),
                group.topics().labeled(), group.topics().alreadyLabeled(), group.topics().priority(), revokeWait),
                config.dedup());
        return new WorkerLoop(
                () -> meteredConsumer(consumerProps),
                () -> new TransactionalPublisher(() -> new KafkaProducer<>(producerProps), group.topics()),
                preparer, runner, inferenceThread, messages, settings, stats, System::nanoTime, dedup);
    }

    private static Map<String, String> lanes(Topics topics) {
        Map<String, String> lanes = new LinkedHashMap<>();
        for (Lane lane : Lane.values()) {
            lanes.put(lane.toString(), lane.topic(topics));
        }
        return lanes;
    }

    private KafkaConsumer<byte[], byte[]> meteredConsumer(Map<String, Object> consumerProps) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
        // Gives kafka.consumer.fetch.manager.records.lag per topic and partition, among the consumer's own metrics.
        KafkaClientMetrics binder = new KafkaClientMetrics(consumer, List.of(),
                kafkaMetricsRefresh, KAFKA_METRICS_REFRESH);
        binder.bindTo(registry);
        kafkaMetrics = binder;
        return consumer;
    }

    /** Starts polling on the worker's own thread. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("worker " + config.workerId() + " was already started");
        }
        if (closed) {
            throw new IllegalStateException("worker " + config.workerId() + " is closed");
        }
        started = true;
        log.info("Worker {} starting: model {} version {} ({}); top {}; batches of up to {} images or {} ms; "
                        + "{} in the model at once; {} records in flight; {} fetch threads, {} decode threads ({} decode), "
                        + "TensorFlow {}; group {}, topics {}; {}",
                config.workerId(), model.name(), model.version(), model.describe(), config.model().topK(),
                config.batching().maxBatchSize(), config.batching().maxBatchDelay().toMillis(),
                config.batching().modelStreams(), config.batching().maxInFlight(), config.intake().fetchThreads(),
                config.intake().decodeThreads(), config.intake().decodeMode(), config.model().spec().threads(),
                config.group().groupId(), config.group().topics(), config.kafka());
        log.info("Worker {} decodes {}", config.workerId(), decoder.formats());
        log.info("Worker {} calibration of model version {}: {}", config.workerId(), model.version(),
                config.model().calibration() ? calibrator.describe() : "off (" + WorkerConfig.CALIBRATION + "=false)");
        HeapRegionCheck.warning((long) model.inputHeight() * model.inputWidth() * 3 * Float.BYTES).ifPresent(log::warn);
        loopThread.start();
    }

    private void runLoop() {
        try {
            warmUp();
            loop.run();
            log.info("Worker {} stopped: {}", config.workerId(), stats);
        } catch (Throwable t) {
            failure = t;
            log.error("Worker {} stopped on a fatal error: {}", config.workerId(), stats, t);
        }
    }

    // A first model call is much slower than the rest (graph optimisation, memory): take it before reporting ready.
    private void warmUp() throws Exception {
        if (warmUpNeeded) {
            long start = System.nanoTime();
            float[] black = new float[model.inputHeight() * model.inputWidth() * 3];
            inferenceThread.submit(() -> model.predict(black, 1)).get();
            log.info("Worker {} warmed the model up in {} ms", config.workerId(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        warmedUp = true;
    }

    /** False once the poll loop died on a fatal error (or after it stopped); true while loading and running. */
    @Override
    public boolean live() {
        return failure == null && (!loopStarted() || loopThread.isAlive());
    }

    /** What keeps this worker from taking images now: empty once the model is warm and the loop polls. */
    @Override
    public List<String> notReady() {
        List<String> problems = new ArrayList<>();
        if (!loopStarted()) {
            problems.add("worker: not started");
        } else if (!warmedUp) {
            problems.add("model: warming up");
        }
        if (failure != null) {
            problems.add("worker: stopped on " + failure);
        } else if (loopStarted() && !loopThread.isAlive()) {
            problems.add("worker: stopped");
        } else if (closeRequested()) {
            problems.add("worker: stopping");
        }
        return problems;
    }

    private synchronized boolean loopStarted() {
        return started;
    }

    private synchronized boolean closeRequested() {
        return closed;
    }

    public WorkerStats stats() {
        return stats;
    }

    /** The error that stopped the worker, if one did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean isRunning() {
        return loopThread.isAlive();
    }

    public String workerId() {
        return config.workerId();
    }

    /** Waits until the worker stops (after {@link #close()}, or on a fatal error). */
    public void awaitTermination() throws InterruptedException {
        loopThread.join();
    }

    /**
     * Stops taking records, publishes what is in flight within the shutdown timeout (the rest is left uncommitted
     * and will be read again), then closes the Kafka clients, the pools and the model.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        loop.requestStop();
        boolean interrupted = false;
        try {
            if (started) {
                loopThread.join(config.group().shutdownTimeout().plus(CLOSE_SLACK).toMillis());
                if (loopThread.isAlive()) {
                    log.warn("Worker {} did not stop in time; interrupting its Kafka calls", config.workerId());
                    loop.wakeup();
                    loopThread.join(CLOSE_SLACK.toMillis());
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        KafkaClientMetrics k = kafkaMetrics;
        if (k != null) {
            k.close();
        }
        kafkaMetricsRefresh.shutdownNow();
        fetchPool.shutdownNow();
        decodePool.shutdownNow();
        decoder.close();
        inferenceThread.shutdown();
        try {
            // Freeing the model under a running call would crash the JVM: rather leak it than do that.
            if (inferenceThread.awaitTermination(config.group().shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                model.close();
            } else {
                log.warn("The model is still running; leaving it open");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            s3.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
