package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import io.breedline.ingest.job.JobLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TriggerJobTest {
    private final List<JobRecord> records = new CopyOnWriteArrayList<>();

    @Test
    void recordsItsStartItsCountWhileRunningAndItsEnd() {
        TriggerJob job = TriggerJob.start("trigger-1", "trigger kafka:events", Clock.systemUTC(), records::add,
                Duration.ofMillis(50));
        job.published(3);
        job.published(0);
        job.published(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> records.stream().anyMatch(r -> r.published() == 5));
        job.finish(false);
        job.close(); // a second end records nothing more

        assertThat(records.get(0).state()).isEqualTo(JobState.STARTED);
        assertThat(records.get(0).jobId()).isEqualTo("trigger-1");
        assertThat(records).filteredOn(r -> r.state() == JobState.PUBLISHING).isNotEmpty();
        assertThat(records).last().satisfies(r -> {
            assertThat(r.state()).isEqualTo(JobState.COMPLETE);
            assertThat(r.published()).isEqualTo(5);
        });
        assertThat(records).filteredOn(r -> r.state().finished()).hasSize(1);
    }

    @Test
    void aTriggerStoppedByAFailingSourceEndsItsJobFailed() {
        TriggerJob job = TriggerJob.start("trigger-2", "trigger sqs:q", Clock.systemUTC(), records::add, Duration.ofHours(1));
        job.published(1);
        job.finish(true);
        assertThat(records).extracting(JobRecord::state).containsExactly(JobState.STARTED, JobState.FAILED);
        assertThat(job.published()).isEqualTo(1);
    }

    @Test
    void withoutAJobsTopicNothingIsRecordedButTheCountIsKept() {
        TriggerJob job = TriggerJob.start("trigger-3", "trigger webhook:0", Clock.systemUTC(), JobLog.NONE, Duration.ofMillis(10));
        job.published(4);
        job.close();
        assertThat(job.published()).isEqualTo(4);
    }
}
