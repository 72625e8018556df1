package io.breedline.service.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import io.breedline.sink.query.JobOutcomes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusFormatTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");
    private final JobRecord job = JobRecord.started("job-1", "/photos", T).next(JobState.COMPLETE, 200,
            Map.of(".txt", 2L, ".mov", 1L), T.plusSeconds(4));

    @Test
    void theBarShowsShareCountsRateEtaAndState() {
        JobStatus s = new JobStatus(job, new JobOutcomes("job-1", 90, 10, T, T.plusSeconds(10)), 12.345,
                Optional.of(Duration.ofSeconds(125)));

        assertThat(StatusFormat.bar(s)).isEqualTo("job-1 [###############...............]  50% done 90 dead 10 left 100 of 200"
                + " | 12.3 img/s | ETA 2m05s | LABELING | skipped 3: 2 .txt, 1 .mov");
    }

    @Test
    void plainLinesAreKeyValuePairs() {
        JobStatus s = new JobStatus(job, new JobOutcomes("job-1", 195, 5, T, T.plusSeconds(10)), 20.0, Optional.of(Duration.ZERO));

        assertThat(StatusFormat.plain(s))
                .isEqualTo("job=job-1 state=COMPLETE published=200 done=195 dead=5 remaining=0 rate=20.0/s eta=0s already_labeled=0 skipped=3 not_a_dog=0");
    }

    @Test
    void imagesAnEarlierJobLabeledAreDoneAndShownApart() {
        JobRecord backfill = JobRecord.started("job-2", "s3://b/p", T).next(JobState.COMPLETE, 500, 0, T.plusSeconds(4));
        JobStatus s = new JobStatus(backfill, new JobOutcomes("job-2", 500, 0, T, T.plusSeconds(10), 120), 50.0,
                Optional.of(Duration.ZERO));

        assertThat(s.complete()).isTrue();
        assertThat(s.remaining()).isZero();
        assertThat(StatusFormat.bar(s)).isEqualTo("job-2 [##############################] 100% done 500 (120 already labeled)"
                + " dead 0 left 0 of 500 | 50.0 img/s | ETA 0s | COMPLETE");
        assertThat(StatusFormat.plain(s)).isEqualTo(
                "job=job-2 state=COMPLETE published=500 done=500 dead=0 remaining=0 rate=50.0/s eta=0s already_labeled=120 skipped=0 not_a_dog=0");
        String[] row = StatusFormat.jobsTable(List.of(backfill), Map.of("job-2", s.outcomes())).split("\n")[1].split("\\s+");
        assertThat(row).containsExactly("job-2", "COMPLETE", "2026-11-26", "12:00:00Z", "500", "500", "0", "0", "120", "0", "0");
    }

    @Test
    void durationsStayShort() {
        assertThat(StatusFormat.duration(Duration.ofMillis(1500))).isEqualTo("2s");
        assertThat(StatusFormat.duration(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(StatusFormat.duration(Duration.ofSeconds(3600 * 2 + 7 * 60 + 3))).isEqualTo("2h07m");
    }

    @Test
    void theJobsTableListsEachJobWithItsCountsAndZerosForOneWithoutResults() {
        JobRecord running = JobRecord.started("job-2", "s3://b/p", T.plusSeconds(60)).next(JobState.PUBLISHING, 50, 0, T.plusSeconds(61));

        String table = StatusFormat.jobsTable(List.of(running, job), Map.of("job-1", new JobOutcomes("job-1", 150, 2, T, T)));

        String[] lines = table.split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("JOB").contains("STATE", "PUBLISHED", "DONE", "DEAD", "REMAINING", "ALREADY", "SKIPPED");
        assertThat(lines[1].split("\\s+")).containsExactly("job-2", "PUBLISHING", "2026-11-26", "12:01:00Z", "50", "0", "0", "50", "0", "0", "0");
        assertThat(lines[2].split("\\s+")).containsExactly("job-1", "LABELING", "2026-11-26", "12:00:00Z", "200", "150", "2", "48", "0", "3", "0");
    }

    @Test
    void photosACalibratedModelMarkedNotADogAreCountedApart() {
        JobStatus s = new JobStatus(job, new JobOutcomes("job-1", 195, 5, T, T.plusSeconds(10), 0, 7), 20.0,
                Optional.of(Duration.ZERO));

        assertThat(StatusFormat.bar(s)).contains("done 195 (7 not a dog?) dead 5");
        assertThat(StatusFormat.plain(s)).endsWith("already_labeled=0 skipped=3 not_a_dog=7");
        assertThat(StatusFormat.jobsTable(List.of(job), Map.of("job-1", s.outcomes())).split("\n")[0]).endsWith("NOT-DOG");
        assertThat(StatusFormat.jobsTable(List.of(job), Map.of("job-1", s.outcomes())).split("\n")[1].split("\\s+"))
                .endsWith("0", "3", "7");
        JobStatus both = new JobStatus(job, new JobOutcomes("job-1", 195, 5, T, T.plusSeconds(10), 20, 7), 20.0,
                Optional.of(Duration.ZERO));
        assertThat(StatusFormat.bar(both)).contains("done 195 (20 already labeled, 7 not a dog?) dead 5");
    }
}
