package io.breedline.sink;

import io.breedline.clients.kafka.GroupMembership;
import io.breedline.clients.ops.Health;
import io.breedline.clients.ops.PeriodicCheck;
import io.breedline.sink.consume.SinkLoop;
import io.breedline.sink.jdbc.DatabaseProbe;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.ops.MeteredWriter;
import io.breedline.sink.ops.SinkMetrics;
import io.breedline.sink.s3.BucketProbe;
import io.breedline.sink.s3.S3Target;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.SinkTarget;
import io.breedline.sink.writer.TargetProbe;
import io.breedline.sink.writer.WriteException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results sink: consumes the predictions and dead-letters topics and writes them to the configured target. Runs
 * on its own thread between {@link #start()} and {@link #close()}; the CLI runs it in-process this way.
 */
public final class ResultsSink implements AutoCloseable, Health {
    private static final Logger log = LoggerFactory.getLogger(ResultsSink.class);
    // Long enough for a write in progress to finish (a PostgreSQL write gives up after its 60 s socket timeout).
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(90);
    // Readiness asks the target this often, on a thread and connection of its own.
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    // Consumer lag appears per partition only after the first fetch: look for new Kafka metrics this often.
    private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(5);

    private final SinkConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final SinkMetrics metrics;
    private volatile PeriodicCheck targetCheck;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private SinkLoop loop;
    private volatile Thread thread;

    public ResultsSink(SinkConfig config) {
        this(config, Clock.systemUTC());
    }

    /** A sink reporting metrics to {@code registry}. */
    public ResultsSink(SinkConfig config, MeterRegistry registry) {
        this(config, Clock.systemUTC(), registry);
    }

    ResultsSink(SinkConfig config, Clock clock) {
        this(config, clock, new CompositeMeterRegistry());
    }

    private ResultsSink(SinkConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.metrics = new SinkMetrics(registry);
    }

    /**
     * Checks the target (creates the tables, finds the bucket) and starts consuming.
     *
     * @throws IllegalStateException when the target cannot be written, or when already started
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the results sink was already started");
        }
        ResultWriter writer = new MeteredWriter(config.target().createWriter(clock), metrics);
        try {
            writer.open();
        } catch (WriteException e) {
            writer.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(consumerProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
        loop = new SinkLoop(consumer, config.topics(), writer, config.retryBackoff(), config.pollTimeout(), clock);
        ScheduledExecutorService kafkaMetricsRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "breedline-sink-kafka-metrics");
            t.setDaemon(true);
            return t;
        });
        // Gives kafka.consumer.fetch.manager.records.lag per topic and partition, among the consumer's own metrics.
        KafkaClientMetrics kafkaMetrics = new KafkaClientMetrics(consumer, List.of(), kafkaMetricsRefresh, KAFKA_METRICS_REFRESH);
        kafkaMetrics.bindTo(registry);
        TargetProbe probe = probe(config.target());
        targetCheck = new PeriodicCheck("target", PROBE_INTERVAL, probe);
        thread = new Thread(() -> {
            try {
                run(loop, consumer, writer);
            } finally {
                targetCheck.close();
                probe.close();
                kafkaMetrics.close();
                kafkaMetricsRefresh.shutdownNow();
            }
        }, "breedline-sink");
        thread.start();
        log.info("results sink started: group {}, topics {}, {} and {}, target {}", config.groupId(),
                config.topics().predictions(), config.topics().deadLetters(), config.topics().alreadyLabeled(), config.target());
    }

    private static TargetProbe probe(SinkTarget target) {
        if (target instanceof JdbcTarget jdbc) {
            return new DatabaseProbe(jdbc);
        }
        if (target instanceof S3Target s3) {
            return new BucketProbe(s3);
        }
        return new TargetProbe() {
            @Override
            public Optional<String> problem() {
                return Optional.empty();
            }

            @Override
            public void close() {}
        };
    }

    static Map<String, Object> consumerProperties(SinkConfig config) {
        // Static membership under the sink id and a 6 s session: a killed sink's partitions move in seconds.
        Map<String, Object> p = new HashMap<>(GroupMembership.defaults(config.kafka(), config.sinkId()));
        p.putAll(config.kafka().common());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Offsets are committed by hand, and only for results the target has acknowledged.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Workers publish in transactions; an aborted batch is not a result.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // One poll is one database transaction.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        // A new group must store the results published before it first started, not only later ones.
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    private void run(SinkLoop loop, KafkaConsumer<byte[], byte[]> consumer, ResultWriter writer) {
        try {
            loop.run();
        } catch (Throwable t) {
            failure.set(t);
            log.error("results sink stopped: {}", t.getMessage(), t);
        } finally {
            try {
                // A static member must be told to leave, or its partitions wait out its session.
                consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            } catch (RuntimeException e) {
                log.warn("closing the Kafka consumer failed: {}", e.getMessage());
            }
            writer.close();
            stopped.countDown();
            log.info("results sink stopped");
        }
    }

    /** True from {@link #start()} until the sink stopped, by {@link #close()} or by a failure. */
    public boolean isRunning() {
        return thread != null && stopped.getCount() > 0;
    }

    /** False once the poll loop stopped on a failure (or after close); true before start and while running. */
    @Override
    public boolean live() {
        return failure.get() == null && (thread == null || isRunning());
    }

    /** What keeps this sink from storing results now: empty once it polls and its target answers. */
    @Override
    public List<String> notReady() {
        List<String> problems = new ArrayList<>();
        if (thread == null) {
            problems.add("sink: not started");
        } else if (!isRunning()) {
            problems.add(failure().map(f -> "sink: stopped on " + f.getMessage()).orElse("sink: stopped"));
        } else {
            targetCheck.problem().ifPresent(problems::add);
            if (backingOff()) {
                problems.add("target: writes are failing; retrying after a backoff");
            }
        }
        return problems;
    }

    /** True while writes to the target fail and consumption is paused until the next retry. */
    public boolean backingOff() {
        SinkLoop l;
        synchronized (this) {
            l = loop;
        }
        return l != null && l.backingOff();
    }

    /** Why the sink stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Waits until the sink stopped; true if it did within the timeout. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return thread == null || stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops polling, lets the current write finish and commits it, then closes the consumer and the target. */
    @Override
    public void close() {
        SinkLoop l;
        synchronized (this) {
            l = loop;
        }
        if (l == null) {
            return;
        }
        l.stop();
        try {
            if (!awaitTermination(CLOSE_TIMEOUT)) {
                log.warn("the results sink did not stop within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
