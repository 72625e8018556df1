package io.breedline.service.status;

import io.breedline.contracts.JobRecord;
import io.breedline.contracts.SkippedFiles;
import io.breedline.sink.query.DisplayRule;
import io.breedline.sink.query.JobOutcomes;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How {@code status} prints: a progress bar line for a terminal, key=value lines for logs, a table of jobs. */
public final class StatusFormat {
    static final int BAR_WIDTH = 30;
    private static final DateTimeFormatter STARTED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private StatusFormat() {}

    /**
     * One line redrawn in place: {@code job-1 [#####.....]  50% done 40 (5 already labeled) dead 10 left 50 of 100 |
     * 12.5 img/s | ETA 4s}; the part in brackets only when the job skipped images an earlier job labeled (and
     * {@code , 3 not a dog?} in it when a calibrated model marked some); then
     * {@code | skipped 3: 2 .txt, 1 .mov} when ingest left files out.
     */
    public static String bar(JobStatus s) {
        int filled = (int) Math.floor(s.fraction() * BAR_WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
        return String.format(Locale.ROOT, "%s [%s] %3d%% done %d%s dead %d left %d of %d | %s | ETA %s | %s%s",
                s.job().jobId(), bar, (int) Math.floor(s.fraction() * 100), s.done(), alreadyLabeled(s), s.deadLettered(),
                s.remaining(), s.published(), rate(s.rate()) + " img/s", eta(s), state(s), skipped(s.job()));
    }

    private static String skipped(JobRecord job) {
        if (job.skipped() == 0) {
            return "";
        }
        String reasons = SkippedFiles.describe(job.skippedBy(), 8);
        return " | skipped " + job.skipped() + (reasons.isEmpty() ? "" : ": " + reasons);
    }

    /**
     * One line per report where there is no terminal: stable {@code key=value} pairs a script can read
     * ({@code already_labeled} and {@code not_a_dog} are part of {@code done}; they and {@code skipped}, the files
     * ingest left out, come last so the earlier pairs keep their places).
     */
    public static String plain(JobStatus s) {
        return String.format(Locale.ROOT,
                "job=%s state=%s published=%d done=%d dead=%d remaining=%d rate=%s eta=%s already_labeled=%d skipped=%d "
                        + "not_a_dog=%d",
                s.job().jobId(), state(s), s.published(), s.done(), s.deadLettered(), s.remaining(),
                rate(s.rate()) + "/s", eta(s), s.alreadyLabeled(), s.job().skipped(), s.outcomes().notADog());
    }

    private static String alreadyLabeled(JobStatus s) {
        long notADog = s.outcomes().notADog();
        if (s.alreadyLabeled() == 0 && notADog == 0) {
            return "";
        }
        String already = s.alreadyLabeled() == 0 ? "" : s.alreadyLabeled() + " already labeled";
        String marked = notADog == 0 ? "" : notADog + " " + DisplayRule.NOT_A_DOG;
        return " (" + already + (already.isEmpty() || marked.isEmpty() ? "" : ", ") + marked + ")";
    }

    /** Recent jobs, newest first, with their counts. */
    public static String jobsTable(List<JobRecord> jobs, Map<String, JobOutcomes> outcomes) {
        // ALREADY: of DONE, the images an earlier job had labeled (skipped by de-duplication); NOT-DOG: of DONE, those
        // a calibrated model marked "not a dog?". Last, so the columns before them keep their places.
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-34s %-10s %-20s %9s %9s %9s %9s %9s %9s %9s%n",
                "JOB", "STATE", "STARTED", "PUBLISHED", "DONE", "DEAD", "REMAINING", "ALREADY", "SKIPPED", "NOT-DOG"));
        for (JobRecord job : jobs) {
            JobOutcomes o = outcomes.getOrDefault(job.jobId(), JobOutcomes.none(job.jobId()));
            JobStatus s = new JobStatus(job, o, Double.NaN, Optional.empty());
            out.append(String.format(Locale.ROOT, "%-34s %-10s %-20s %9d %9d %9d %9d %9d %9d %9d%n", job.jobId(),
                    state(s), STARTED.format(job.startedAt()), job.published(), o.done(), o.deadLettered(), s.remaining(),
                    o.alreadyLabeled(), job.skipped(), o.notADog()));
        }
        return out.toString();
    }

    /** What the job is doing: ingest's state until it has ended, then whether results are still coming in. */
    static String state(JobStatus s) {
        return switch (s.job().state()) {
            case STARTED, PUBLISHING -> "PUBLISHING";
            case COMPLETE -> s.complete() ? "COMPLETE" : "LABELING";
            case FAILED -> s.complete() ? "FAILED" : "FAILED-LABELING";
        };
    }

    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "?" : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    static String eta(JobStatus s) {
        return s.eta().map(StatusFormat::duration).orElse("?");
    }

    /** {@code 45s}, {@code 3m05s}, {@code 2h07m}: short enough for one terminal line. */
    static String duration(Duration d) {
        long seconds = Math.max(0, (d.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
