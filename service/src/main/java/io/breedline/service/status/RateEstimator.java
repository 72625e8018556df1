package io.breedline.service.status;

import io.breedline.contracts.JobRecord;
import io.breedline.sink.query.JobOutcomes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * Rate and ETA of one job. Over the last minute when this reader has watched that long (what the job does now), else
 * since the job's first result (all a one-shot reader knows).
 */
public final class RateEstimator {
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** A window shorter than this says more about batch timing than about throughput. */
    static final Duration MIN_WINDOW = Duration.ofSeconds(10);

    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    private record Sample(Instant at, long finished) {}

    public RateEstimator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records the latest counts and returns the job's status with its rate and ETA. */
    public JobStatus observe(JobRecord job, JobOutcomes outcomes) {
        Instant now = clock.instant();
        samples.addLast(new Sample(now, outcomes.finished()));
        // Keep the newest sample at or before the window's start, so the window spans a full minute once it can.
        while (samples.size() >= 2 && !second().at().isAfter(now.minus(WINDOW))) {
            samples.removeFirst();
        }
        double rate = rate(job, outcomes, now);
        JobStatus partial = new JobStatus(job, outcomes, rate, Optional.empty());
        return new JobStatus(job, outcomes, rate, eta(partial.remaining(), rate));
    }

    private double rate(JobRecord job, JobOutcomes outcomes, Instant now) {
        Sample oldest = samples.peekFirst();
        Duration watched = Duration.between(oldest.at(), now);
        if (watched.compareTo(MIN_WINDOW) >= 0) {
            return perSecond(outcomes.finished() - oldest.finished(), watched);
        }
        if (outcomes.firstResultAt() == null || outcomes.finished() == 0) {
            return Double.NaN;
        }
        // A finished job's rate ends with its last result, not now.
        boolean allIn = job.state().finished() && outcomes.finished() >= job.published();
        Instant end = allIn && outcomes.lastResultAt() != null ? outcomes.lastResultAt() : now;
        Duration span = Duration.between(outcomes.firstResultAt(), end);
        if (span.isNegative() || span.isZero()) {
            return Double.NaN;
        }
        return perSecond(outcomes.finished(), span);
    }

    private static double perSecond(long count, Duration span) {
        return count / (span.toNanos() / 1e9);
    }

    private Sample second() {
        Iterator<Sample> it = samples.iterator();
        it.next();
        return it.next();
    }

    static Optional<Duration> eta(long remaining, double rate) {
        if (remaining == 0) {
            return Optional.of(Duration.ZERO);
        }
        if (Double.isNaN(rate) || rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round(remaining / rate * 1000)));
    }
}
