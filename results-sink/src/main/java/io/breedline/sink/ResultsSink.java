package io.breedline.sink;

import io.breedline.sink.consume.SinkLoop;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.WriteException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results sink: consumes the predictions and dead-letters topics and writes them to the configured target. Runs
 * on its own thread between {@link #start()} and {@link #close()}; the CLI runs it in-process this way.
 */
public final class ResultsSink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultsSink.class);
    // Long enough for a write in progress to finish (a PostgreSQL write gives up after its 60 s socket timeout).
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(90);

    private final SinkConfig config;
    private final Clock clock;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private SinkLoop loop;
    private Thread thread;

    public ResultsSink(SinkConfig config) {
        this(config, Clock.systemUTC());
    }

    ResultsSink(SinkConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
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
        ResultWriter writer = config.target().createWriter(clock);
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
        thread = new Thread(() -> run(loop, consumer, writer), "breedline-sink");
        thread.start();
        log.info("results sink started: group {}, topics {} and {}, target {}",
                config.groupId(), config.topics().predictions(), config.topics().deadLetters(), config.target());
    }

    static Map<String, Object> consumerProperties(SinkConfig config) {
        Map<String, Object> p = config.kafka().common();
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
                consumer.close();
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
