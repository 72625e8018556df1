package io.breedline.ingest.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.ingest.IngestProgress;
import io.breedline.ingest.IngestSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private static final String JOB = "job-20250301-120000-abc123";

    @Test
    void onATerminalTheJobIdComesFirstThenOneLineRedrawnInPlaceThenTheSummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter reporter = ProgressReporter.terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        reporter.started(JOB, "/data/dogs", "breedline.images");
        reporter.progressed(progress(12_345, 2, 0, Duration.ofSeconds(2)));
        reporter.progressed(progress(9, 0, 0, Duration.ofMillis(2500)));
        reporter.finished(new IngestSummary(JOB, 20_000, 3, 0, Duration.ofSeconds(4), Map.of(".txt", 2L, ".mov", 1L)));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "Job " + JOB + ": publishing image references from /data/dogs to topic breedline.images\n"
                + "\rpublished 12,345 | skipped 2 | 6,172.5/s | 2.0s"
                // 9 spaces: the earlier line was 47 characters, this one 38.
                + "\rpublished 9 | skipped 0 | 3.6/s | 2.5s" + " ".repeat(9)
                + "\n"
                + "Job " + JOB + " done: published 20,000, skipped 3: 2 .txt, 1 .mov; failed 0 in 4.0s (5,000.0/s)\n");
    }

    @Test
    void aTerminalLineShowsFailuresWhenThereAreAny() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter reporter = ProgressReporter.terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        reporter.progressed(progress(10, 0, 4, Duration.ofSeconds(1)));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\rpublished 10 | skipped 0 | FAILED 4 | 10.0/s | 1.0s");
    }

    @Test
    void elsewhereAPlainLineAtMostEveryInterval() {
        List<String> lines = new ArrayList<>();
        ProgressReporter reporter = ProgressReporter.plain(lines::add, Duration.ofSeconds(10));

        reporter.started(JOB, "s3://photos/dogs/", "breedline.images");
        reporter.progressed(progress(100, 0, 0, Duration.ofMillis(200)));
        reporter.progressed(progress(400, 0, 0, Duration.ofSeconds(5)));
        reporter.progressed(progress(999, 0, 0, Duration.ofMillis(10_199)));
        reporter.progressed(progress(1_020, 1, 0, Duration.ofMillis(10_200)));
        reporter.progressed(progress(1_500, 1, 0, Duration.ofSeconds(15)));
        reporter.progressed(progress(125_000, 1, 0, Duration.ofSeconds(125)));
        reporter.finished(new IngestSummary(JOB, 125_001, 1, 2, Duration.ofSeconds(3725), Map.of("no extension", 1L)));

        assertThat(lines).containsExactly(
                "Job " + JOB + ": publishing image references from s3://photos/dogs/ to topic breedline.images",
                "Job " + JOB + ": published 100, skipped 0, failed 0, 500.0/s, elapsed 0.2s",
                "Job " + JOB + ": published 1,020, skipped 1, failed 0, 100.0/s, elapsed 10.2s",
                "Job " + JOB + ": published 125,000, skipped 1, failed 0, 1,000.0/s, elapsed 2m05s",
                "Job " + JOB + " FAILED: published 125,001, skipped 1: 1 no extension; failed 2 in 1h02m05s (33.6/s)");
    }

    @Test
    void aZeroElapsedTimeHasNoRateRatherThanInfinity() {
        assertThat(ProgressReporter.summary(new IngestSummary(JOB, 0, 0, 0, Duration.ZERO, Map.of())))
                .isEqualTo("Job " + JOB + " done: published 0, skipped 0; failed 0 in 0.0s (0.0/s)");
    }

    private static IngestProgress progress(long published, long skipped, long failed, Duration elapsed) {
        return new IngestProgress(JOB, published + failed, published, skipped, failed, elapsed);
    }
}
