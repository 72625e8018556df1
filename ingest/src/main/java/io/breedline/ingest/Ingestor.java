package io.breedline.ingest;

import io.breedline.clients.s3.S3Clients;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.JobTopic;
import io.breedline.contracts.Lane;
import io.breedline.ingest.job.JobLog;
import io.breedline.ingest.job.JobRecorder;
import io.breedline.ingest.job.JobTopicSetup;
import io.breedline.ingest.publish.ReferencePublisher;
import io.breedline.ingest.source.ImageExtensions;
import io.breedline.ingest.source.ImageSignature;
import io.breedline.ingest.source.ImageSource;
import io.breedline.ingest.source.SourceException;
import io.breedline.ingest.source.SourceObject;
import io.breedline.ingest.source.Sources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs ingest jobs: lists a source and publishes one {@link ImageRef} per image to the images topic. An image is an
 * object whose name ends in one of the configured extensions, or whose first bytes are an image format's; every other
 * object is counted as skipped, by its extension.
 *
 * <p>A run stops listing at the first failed send (the broker is likely gone; carrying on would only wait out the
 * timeout of every further send), waits for the sends in flight, and throws {@link IngestFailedException} with the
 * count. Re-running the same source is safe: image ids derive from URIs, so consumers upsert the same rows.
 *
 * <p>Reads no environment: everything comes from the {@link IngestConfig}, so the CLI can run it in-process.
 */
public final class Ingestor {
    private static final Logger log = LoggerFactory.getLogger(Ingestor.class);

    /** Progress reaches the listener at most this often. */
    public static final Duration PROGRESS_TICK = Duration.ofMillis(200);

    private final IngestConfig config;
    private final ProgressListener listener;
    private final Clock clock;
    private final SourceOpener sources;
    private final Function<String, ReferencePublisher> publishers;
    private final String jobsTopic;
    private final Consumer<String> jobsTopicSetup;
    private volatile boolean stopRequested;

    /** An ingestor that reports nothing while it runs; {@link #run} still returns the summary. */
    public Ingestor(IngestConfig config) {
        this(config, ProgressListener.NONE);
    }

    /** An ingestor that records its job on the default jobs topic ({@value JobTopic#DEFAULT}). */
    public Ingestor(IngestConfig config, ProgressListener listener) {
        this(config, listener, JobTopic.DEFAULT);
    }

    /**
     * @param jobsTopic the compacted topic where the job's record goes (created if missing), so {@code status} can
     *     follow the job from any process
     */
    public Ingestor(IngestConfig config, ProgressListener listener, String jobsTopic) {
        this(config, listener, Clock.systemUTC(),
                (spec, s3) -> Sources.open(spec, s3, config.s3PageSize()),
                jobId -> ReferencePublisher.create(config.kafka(), config.referencesTopic(Lane.BULK), jobId),
                JobTopic.check(jobsTopic), topic -> JobTopicSetup.ensure(config.kafka(), topic));
    }

    /** Opens a source by its spec; a seam so tests can stand in for S3. */
    interface SourceOpener {
        ImageSource open(String spec, Supplier<S3Client> s3);
    }

    /** Records no job: for tests of the references alone. */
    Ingestor(IngestConfig config, ProgressListener listener, Clock clock,
             SourceOpener sources, Function<String, ReferencePublisher> publishers) {
        this(config, listener, clock, sources, publishers, null, topic -> { });
    }

    /** @param jobsTopic where job records go, null for none */
    Ingestor(IngestConfig config, ProgressListener listener, Clock clock, SourceOpener sources,
             Function<String, ReferencePublisher> publishers, String jobsTopic, Consumer<String> jobsTopicSetup) {
        this.jobsTopic = jobsTopic;
        this.jobsTopicSetup = Objects.requireNonNull(jobsTopicSetup, "jobsTopicSetup");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.publishers = Objects.requireNonNull(publishers, "publishers");
    }

    /** Runs one job on the configured source ({@code BREEDLINE_INGEST_SOURCE}). */
    public IngestSummary run() {
        return run(config.source().orElseThrow(() -> new SourceException(
                "no source given: name a folder or an s3://bucket/prefix (argument or " + IngestConfig.SOURCE + ")")));
    }

    /**
     * Runs one job: lists the source, publishes a reference per image, waits until every send is acknowledged.
     *
     * @param sourceSpec a folder path, {@code file:///path} or {@code s3://bucket/prefix}
     * @return the summary of a run whose every send succeeded (or that was {@linkplain #stop() stopped})
     * @throws SourceException when the source cannot be opened or listed; the message names it
     * @throws IngestFailedException when any reference could not be published; the message has the count
     */
    public IngestSummary run(String sourceSpec) {
        try (LazyS3 s3 = new LazyS3()) {
            ImageSource source = sources.open(sourceSpec, s3);
            String jobId = config.jobId().orElseGet(() -> JobIds.generate(clock));
            return publishAll(source, jobId);
        }
    }

    /**
     * Asks the run in progress to stop listing; it then waits for the sends in flight and returns its summary. Safe from
     * any thread (a shutdown hook). Final: a run started after this stops at once, so a stop that races the start of a
     * run is not lost.
     */
    public void stop() {
        stopRequested = true;
    }

    private IngestSummary publishAll(ImageSource source, String jobId) {
        ImageExtensions images = config.extensions();
        ReferencePublisher publisher = publishers.apply(jobId);
        JobRecorder job = new JobRecorder(jobLog(publisher), JobRecorder.INTERVAL_DEFAULT);
        Instant start = clock.instant();
        job.started(jobId, source.description(), start);
        listener.started(jobId, source.description(), publisher.topic());
        SkipTally skipped = new SkipTally();
        RuntimeException listingFailure = null;
        try {
            Instant nextTick = start.plus(PROGRESS_TICK);
            Iterator<SourceObject> objects = source.iterator();
            while (!stopRequested && publisher.failed() == 0 && objects.hasNext()) {
                SourceObject o = objects.next();
                Instant now = clock.instant();
                if (images.matches(o.uri()) || looksLikeImage(source, o)) {
                    publisher.publish(ImageRef.of(o.uri(), o.etag(), o.versionId(), o.sizeBytes(), jobId, now));
                } else {
                    skipped.add(o.uri());
                }
                if (!now.isBefore(nextTick)) {
                    skipped.leftOutBySource(source.leftOut());
                    listener.progressed(progress(jobId, publisher, skipped.total(), start, now));
                    job.progressed(publisher.acknowledged(), skipped.byReason(), now);
                    nextTick = now.plus(PROGRESS_TICK);
                }
            }
        } catch (RuntimeException e) {
            listingFailure = e;
        } finally {
            skipped.leftOutBySource(source.leftOut());
            // Even when listing failed, what was sent is delivered (or counted as failed) before the job ends.
            try {
                publisher.flush();
                // After the flush, so the final record carries the final count.
                job.finished(listingFailure != null || publisher.failed() > 0, publisher.acknowledged(),
                        skipped.byReason(), clock.instant());
            } finally {
                publisher.close();
            }
        }
        IngestSummary summary = new IngestSummary(jobId, publisher.acknowledged(), skipped.total(), publisher.failed(),
                Duration.between(start, clock.instant()), skipped.byReason());
        listener.finished(summary);
        if (listingFailure != null) {
            throw listingFailure;
        }
        if (summary.failed() > 0) {
            Exception first = publisher.firstFailure();
            throw new IngestFailedException("ingest job " + jobId + " failed: " + summary.failed() + " of "
                    + publisher.sent() + " references could not be published to topic '" + publisher.topic()
                    + "' (first error: " + first + "); listing stopped at the first failure, "
                    + summary.published() + " were published. Re-running the source is safe.", summary, first);
        }
        if (stopRequested) {
            log.warn("ingest job {} stopped on request after publishing {} references", jobId, summary.published());
        }
        return summary;
    }

    // A file whose extension is not an image's (or that has none) is still published when its first bytes are an
    // image's: a photo saved without its extension is a photo.
    private static boolean looksLikeImage(ImageSource source, SourceObject o) {
        return o.sizeBytes() > 0 && source.head(o, ImageSignature.HEAD_BYTES).map(ImageSignature::isImage).orElse(false);
    }

    private JobLog jobLog(ReferencePublisher publisher) {
        if (jobsTopic == null) {
            return JobLog.NONE;
        }
        jobsTopicSetup.accept(jobsTopic);
        return record -> publisher.publishJob(jobsTopic, record);
    }

    private static IngestProgress progress(
            String jobId, ReferencePublisher publisher, long skipped, Instant start, Instant now) {
        return new IngestProgress(jobId, publisher.sent(), publisher.acknowledged(), skipped, publisher.failed(),
                Duration.between(start, now));
    }

    /** Creates the S3 client only for an s3:// source, and closes it when the run ends. */
    private final class LazyS3 implements Supplier<S3Client>, AutoCloseable {
        private S3Client client;

        @Override
        public S3Client get() {
            if (client == null) {
                client = S3Clients.create(config.s3());
            }
            return client;
        }

        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
        }
    }
}
