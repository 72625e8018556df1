package io.breedline.ingest.trigger;

import io.breedline.clients.ops.Health;
import io.breedline.contracts.JobTopic;
import io.breedline.contracts.Lane;
import io.breedline.ingest.job.JobLog;
import io.breedline.ingest.job.JobRecorder;
import io.breedline.ingest.job.JobTopicSetup;
import io.breedline.ingest.notify.NotificationTranslator;
import io.breedline.ingest.publish.PriorityTopicSetup;
import io.breedline.ingest.publish.ReferencePublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The long-running trigger: turns S3 event notifications into image references, from every configured source at once
 * (MinIO's Kafka notifications, an SQS queue, the webhook). Reads no environment, so the CLI can run it in-process:
 * {@code new TriggerService(config).start()}, then {@link #awaitTermination} or {@link #close}.
 */
public final class TriggerService implements AutoCloseable, Health {
    private static final Logger log = LoggerFactory.getLogger(TriggerService.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final TriggerConfig config;
    private final NotificationTranslator translator;
    private final S3ObjectHeads heads;
    private final Function<TriggerConfig, SqsClient> sqsClients;
    private final SubscriptionConfirmer confirmer;
    private final SnsSignatureVerifier.KeySource snsKeys;
    private final List<NotificationLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Clock clock;
    private AckingPublisher publisher;
    private WebhookServer webhook;
    private String jobsTopic;
    private ReferencePublisher jobRecords;
    private TriggerJob job;

    public TriggerService(TriggerConfig config) {
        this(config, Clock.systemUTC(), TriggerService::defaultSqsClient, SubscriptionConfirmer.http(),
                SnsSignatureVerifier.https());
    }

    TriggerService(TriggerConfig config, Clock clock, Function<TriggerConfig, SqsClient> sqsClients,
                   SubscriptionConfirmer confirmer, SnsSignatureVerifier.KeySource snsKeys) {
        this.snsKeys = Objects.requireNonNull(snsKeys, "snsKeys");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.heads = new S3ObjectHeads(config.ingest().s3());
        this.translator = new NotificationTranslator(config.filter(), heads, config.jobId(clock),
                "ingest-trigger-" + config.instanceId(), clock);
        this.sqsClients = Objects.requireNonNull(sqsClients, "sqsClients");
        this.confirmer = Objects.requireNonNull(confirmer, "confirmer");
    }

    /** A trigger whose SQS client comes from the caller (a test's ElasticMQ credentials, say). */
    public static TriggerService withSqsClient(TriggerConfig config, Function<TriggerConfig, SqsClient> sqsClients) {
        return new TriggerService(config, Clock.systemUTC(), sqsClients, SubscriptionConfirmer.http(),
                SnsSignatureVerifier.https());
    }

    public String jobId() {
        return translator.jobId();
    }

    /**
     * Records this trigger's run as a job on the compacted {@code jobsTopic} (created if missing), so
     * {@code ./breedline status} shows what it published. Call before {@link #start()}; without it no job is recorded.
     */
    public synchronized TriggerService recordingJobIn(String jobsTopic) {
        this.jobsTopic = JobTopic.check(jobsTopic);
        return this;
    }

    /** References of this trigger's job that Kafka has taken so far. */
    public synchronized long published() {
        return job == null ? 0 : job.published();
    }

    /** Starts every configured source; returns once they run (the webhook is listening). */
    public synchronized TriggerService start() {
        log.info("trigger starting: {}, job {}", config, translator.jobId());
        try {
            job = TriggerJob.start(translator.jobId(), description(), clock, jobLog(), JobRecorder.INTERVAL_DEFAULT);
            if (config.lane() == Lane.PRIORITY) {
                PriorityTopicSetup.ensure(config.ingest().kafka(), config.ingest().topics());
            }
            if (config.sqsQueueUrl().isPresent() || config.httpPort().isPresent()) {
                publisher = AckingPublisher.create(config.ingest().kafka(), config.ingest().topics(), config.lane(),
                        "trigger-" + config.instanceId(), job);
            }
            if (config.kafkaTopic().isPresent()) {
                loops.add(KafkaNotificationSource.create(config, translator, job));
            }
            if (config.sqsQueueUrl().isPresent()) {
                loops.add(new SqsNotificationSource(sqsClients.apply(config), config.sqsQueueUrl().get(), publisher,
                        translator, config.sqsWait(), config.sqsVisibilityTimeout()));
            }
            if (config.httpPort().isPresent()) {
                webhook = new WebhookServer(new InetSocketAddress(config.httpBind(), config.httpPort().get()), publisher,
                        translator, new TokenCheck(config.token()), config.snsHosts(), confirmer,
                        config.snsVerify() ? new SnsSignatureVerifier(config.snsHosts(), snsKeys) : null);
                webhook.start();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the trigger webhook on " + config.httpBind() + ":"
                    + config.httpPort().orElse(0) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        for (NotificationLoop loop : loops) {
            Thread t = new Thread(() -> runLoop(loop), "trigger-" + loop.name());
            threads.add(t);
            t.start();
        }
        return this;
    }

    /** Live until it stops: closed, or a source failed for good. */
    @Override
    public boolean live() {
        return stopped.getCount() > 0;
    }

    /** Ready once every source is connected (the webhook: listening). */
    @Override
    public synchronized List<String> notReady() {
        List<String> problems = new ArrayList<>();
        if (stopped.getCount() == 0) {
            problems.add("trigger: stopped");
        } else if (threads.isEmpty() && webhook == null) {
            problems.add("trigger: not started");
        }
        for (NotificationLoop loop : loops) {
            loop.notConnected().ifPresent(problems::add);
        }
        return problems;
    }

    /** The webhook's port (useful with port 0), or -1 without a webhook. */
    public synchronized int httpPort() {
        return webhook == null ? -1 : webhook.port();
    }

    /**
     * Blocks until the trigger is closed or a source fails for good.
     *
     * @throws IllegalStateException with the cause when a source failed
     */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException("trigger source failed: " + f, f);
        }
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runLoop(NotificationLoop loop) {
        try {
            loop.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            log.error("trigger source {} failed, stopping the trigger", loop.name(), e);
            failure.compareAndSet(null, e);
            // One dead source stops the service loudly rather than leaving it half-working.
            new Thread(this::close, "trigger-stop").start();
        } finally {
            try {
                loop.close();
            } catch (RuntimeException e) {
                log.warn("closing trigger source {} failed: {}", loop.name(), e.toString());
            }
        }
    }

    /** Stops every source, waits for what is in flight, and closes the clients. Idempotent. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        loops.forEach(NotificationLoop::stop);
        if (webhook != null) {
            webhook.close();
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (publisher != null) {
            publisher.close();
        }
        if (job != null) {
            job.finish(failure.get() != null);
        }
        if (jobRecords != null) {
            jobRecords.close(); // flushes the job's last record
        }
        heads.close();
        stopped.countDown();
        log.info("trigger stopped");
    }

    private JobLog jobLog() {
        if (jobsTopic == null) {
            return JobLog.NONE;
        }
        JobTopicSetup.ensure(config.ingest().kafka(), jobsTopic);
        jobRecords = ReferencePublisher.create(config.ingest().kafka(), config.ingest().topics().images(),
                translator.jobId() + "-jobs");
        String topic = jobsTopic;
        return record -> jobRecords.publishJob(topic, record);
    }

    // What status shows as the job's source: the notification sources this trigger reads.
    private String description() {
        List<String> sources = new ArrayList<>();
        config.kafkaTopic().ifPresent(t -> sources.add("kafka:" + t));
        config.sqsQueueUrl().ifPresent(q -> sources.add("sqs:" + q));
        config.httpPort().ifPresent(p -> sources.add("webhook:" + p));
        return "trigger " + String.join(", ", sources);
    }

    private static SqsClient defaultSqsClient(TriggerConfig config) {
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(config.sqsRegion()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        config.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
