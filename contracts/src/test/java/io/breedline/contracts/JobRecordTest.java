package io.breedline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRecordTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void roundTripsThroughJsonWhileRunningAndFinished() throws Exception {
        JobRecord started = JobRecord.started("job-1", "/photos", T);
        JobRecord done = started.next(JobState.COMPLETE, 42, 3, T.plusSeconds(5));
        assertThat(Json.readJobRecord(Json.write(started))).isEqualTo(started);
        assertThat(Json.readJobRecord(Json.write(done))).isEqualTo(done);
        assertThat(new String(Json.write(done), StandardCharsets.UTF_8)).contains("\"state\":\"COMPLETE\"", "\"published\":42");
        assertThat(done.finishedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(done.startedAt()).isEqualTo(T);
        assertThat(started.next(JobState.PUBLISHING, 1, 0, T).finishedAt()).isNull();
    }

    @Test
    void carriesTheSkippedFilesByReasonAndReadsRecordsWithout() throws Exception {
        JobRecord done = JobRecord.started("job-1", "/photos", T)
                .next(JobState.COMPLETE, 21, Map.of(".txt", 2L, ".mov", 1L), T.plusSeconds(5));
        assertThat(done.skipped()).isEqualTo(3);
        assertThat(Json.readJobRecord(Json.write(done))).isEqualTo(done);
        assertThat(SkippedFiles.describe(done.skippedBy(), 8)).isEqualTo("2 .txt, 1 .mov");
        assertThat(SkippedFiles.describe(done.skippedBy(), 1)).isEqualTo("2 .txt, 1 other");
        String older = new String(Json.write(done), StandardCharsets.UTF_8).replaceAll(",?\"skippedBy\":\\{[^}]*}", "");
        assertThat(older).doesNotContain("skippedBy");
        assertThat(Json.readJobRecord(older.getBytes(StandardCharsets.UTF_8)).skippedBy()).isEmpty();
    }

    @Test
    void rejectsAFinishedJobWithoutEndOrNegativeCounts() {
        assertThatThrownBy(() -> new JobRecord(Schema.VERSION, "j", "s", JobState.FAILED, 0, 0, T, T, null, null))
                .hasMessageContaining("finishedAt");
        assertThatThrownBy(() -> new JobRecord(Schema.VERSION, "j", "s", JobState.STARTED, -1, 0, T, T, null, null))
                .hasMessageContaining("negative");
    }

    @Test
    void topicNameComesFromTheEnvironmentAndIsChecked() {
        assertThat(JobTopic.fromEnv(Map.of())).isEqualTo("breedline.jobs");
        assertThat(JobTopic.fromEnv(Map.of(JobTopic.ENV, "my.jobs"))).isEqualTo("my.jobs");
        assertThatThrownBy(() -> JobTopic.fromEnv(Map.of(JobTopic.ENV, "bad name"))).hasMessageContaining(JobTopic.ENV);
    }
}
