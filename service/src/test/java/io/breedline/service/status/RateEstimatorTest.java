package io.breedline.service.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import io.breedline.sink.query.JobOutcomes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateEstimatorTest {
    static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

    private final FakeClock clock = new FakeClock(T);
    private final RateEstimator rates = new RateEstimator(clock);
    private final JobRecord publishing = JobRecord.started("job-1", "/photos", T.minusSeconds(30))
            .next(JobState.PUBLISHING, 1000, 0, T.minusSeconds(1));

    @Test
    void aFirstLookUsesTheRateSinceTheFirstResult() {
        // 200 finished in the 20 s since the first result: 10/s, 800 left: 80 s.
        JobStatus s = rates.observe(publishing, new JobOutcomes("job-1", 190, 10, T.minusSeconds(20), T.minusSeconds(1)));

        assertThat(s.rate()).isCloseTo(10.0, within(1e-9));
        assertThat(s.remaining()).isEqualTo(800);
        assertThat(s.eta()).contains(Duration.ofSeconds(80));
        assertThat(s.complete()).isFalse();
    }

    @Test
    void afterWatchingAWhileTheRateIsWhatTheLastMinuteDid() {
        rates.observe(publishing, new JobOutcomes("job-1", 100, 0, T.minusSeconds(100), T));
        clock.advance(Duration.ofSeconds(30));
        rates.observe(publishing, new JobOutcomes("job-1", 130, 0, T.minusSeconds(100), clock.instant()));
        clock.advance(Duration.ofSeconds(40));
        JobStatus s = rates.observe(publishing, new JobOutcomes("job-1", 330, 0, T.minusSeconds(100), clock.instant()));

        // The window starts at the newest sample at or before now - 1 min: the one at T, so 230 in 70 s.
        assertThat(s.rate()).isCloseTo(230 / 70.0, within(1e-9));
        clock.advance(Duration.ofSeconds(30));
        JobStatus later = rates.observe(publishing, new JobOutcomes("job-1", 630, 0, T.minusSeconds(100), clock.instant()));
        // Now the sample at T has left the window; it starts at the one at 30 s: 500 in 70 s.
        assertThat(later.rate()).isCloseTo(500 / 70.0, within(1e-9));
        assertThat(later.eta()).contains(Duration.ofMillis(Math.round(370 / (500 / 70.0) * 1000)));
    }

    @Test
    void nothingFinishedYetMeansUnknownRateAndEta() {
        JobStatus s = rates.observe(publishing, JobOutcomes.none("job-1"));

        assertThat(s.rate()).isNaN();
        assertThat(s.eta()).isEmpty();
        assertThat(StatusFormat.plain(s)).contains("rate=?/s eta=?");
    }

    @Test
    void aStalledJobHasNoEta() {
        rates.observe(publishing, new JobOutcomes("job-1", 10, 0, T.minusSeconds(5), T));
        clock.advance(Duration.ofSeconds(20));
        JobStatus s = rates.observe(publishing, new JobOutcomes("job-1", 10, 0, T.minusSeconds(5), T));

        assertThat(s.rate()).isZero();
        assertThat(s.eta()).isEmpty();
    }

    @Test
    void aCompleteJobsRateEndsWithItsLastResultAndItsEtaIsZero() {
        JobRecord done = publishing.next(JobState.COMPLETE, 100, 0, T.minusSeconds(50));
        JobStatus s = rates.observe(done, new JobOutcomes("job-1", 95, 5, T.minusSeconds(60), T.minusSeconds(40)));

        assertThat(s.rate()).isCloseTo(5.0, within(1e-9));
        assertThat(s.eta()).contains(Duration.ZERO);
        assertThat(s.complete()).isTrue();
    }

    @Test
    void ingestStillRunningIsNotCompleteEvenWithNothingLeft() {
        JobStatus s = rates.observe(publishing.next(JobState.PUBLISHING, 50, 0, T),
                new JobOutcomes("job-1", 50, 0, T.minusSeconds(10), T));

        assertThat(s.remaining()).isZero();
        assertThat(s.complete()).isFalse();
    }

    static final class FakeClock extends Clock {
        private Instant now;

        FakeClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
