package io.breedline.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobRecorderTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");
    private final List<JobRecord> records = new ArrayList<>();
    private final JobRecorder recorder = new JobRecorder(records::add, Duration.ofSeconds(2));

    @Test
    void recordsTheStartThenAtMostOnePerIntervalThenTheEnd() {
        recorder.started("job-1", "/photos", T);
        recorder.progressed(5, 0, T.plusMillis(500));
        recorder.progressed(10, 1, T.plusSeconds(2));
        recorder.progressed(12, 1, T.plusMillis(3_000));
        recorder.progressed(20, 2, T.plusSeconds(4));
        recorder.finished(false, 25, 2, T.plusSeconds(5));

        assertThat(records).extracting(JobRecord::state).containsExactly(
                JobState.STARTED, JobState.PUBLISHING, JobState.PUBLISHING, JobState.COMPLETE);
        assertThat(records).extracting(JobRecord::published).containsExactly(0L, 10L, 20L, 25L);
        JobRecord last = records.get(3);
        assertThat(last.startedAt()).isEqualTo(T);
        assertThat(last.finishedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(last.skipped()).isEqualTo(2);
        assertThat(last.source()).isEqualTo("/photos");
    }

    @Test
    void aFailedRunEndsFailedWithWhatItPublished() {
        recorder.started("job-2", "s3://b/p", T);
        recorder.finished(true, 3, 0, T.plusSeconds(1));

        assertThat(recorder.last().state()).isEqualTo(JobState.FAILED);
        assertThat(recorder.last().published()).isEqualTo(3);
    }
}
