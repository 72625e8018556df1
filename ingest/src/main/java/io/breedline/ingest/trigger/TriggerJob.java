package io.breedline.ingest.trigger;

import io.breedline.ingest.job.JobLog;
import io.breedline.ingest.job.JobRecorder;
import io.breedline.ingest.publish.IngestMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trigger's run as one job: every source reports here what Kafka acknowledged, and the job's record on the jobs
 * topic carries the count (at the start, every {@link JobRecorder#INTERVAL_DEFAULT} while it runs, and when it stops),
 * so {@code ./breedline status} follows uploads labeled as they arrive like a backfill. Thread-safe.
 */
final class TriggerJob implements AutoCloseable {
    private final String jobId;
    private final Clock clock;
    private final JobRecorder recorder;
    private final AtomicLong published = new AtomicLong();
    private final ScheduledExecutorService timer;
    private boolean finished;

    private TriggerJob(String jobId, Clock clock, JobLog log, Duration interval, boolean periodic) {
        this.jobId = jobId;
        this.clock = clock;
        this.recorder = new JobRecorder(log, interval);
        this.timer = periodic ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trigger-job-record");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Records the start on {@code log}, then the count every {@code interval}; {@link JobLog#NONE} records nothing. */
    static TriggerJob start(String jobId, String description, Clock clock, JobLog log, Duration interval) {
        TriggerJob job = new TriggerJob(jobId, clock, log, interval, log != JobLog.NONE);
        synchronized (job) {
            job.recorder.started(jobId, description, clock.instant());
        }
        if (job.timer != null) {
            job.timer.scheduleWithFixedDelay(job::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return job;
    }

    String jobId() {
        return jobId;
    }

    /** {@code count} references of this job are in Kafka (acknowledged, or committed with their notifications). */
    void published(long count) {
        if (count > 0) {
            published.addAndGet(count);
            IngestMetrics.published(jobId, count);
        }
    }

    long published() {
        return published.get();
    }

    private synchronized void tick() {
        if (!finished) {
            recorder.progressed(published.get(), 0, clock.instant());
        }
    }

    /** The job's last record: complete, or failed when a source stopped the trigger on an error. */
    synchronized void finish(boolean failed) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        recorder.finished(failed, published.get(), 0, clock.instant());
    }

    @Override
    public void close() {
        finish(false);
    }
}
