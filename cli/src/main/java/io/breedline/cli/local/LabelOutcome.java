package io.breedline.cli.local;

import io.breedline.sink.query.DisplayRule;
import io.breedline.sink.query.ResultRow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * How a {@code label} run ended, as its summary and exit status say: every image labeled (exit 0), or some of them
 * dead letters (exit {@value #SOME_NOT_LABELED}), with the queries that show each kind. Of the labeled, those a
 * calibrated model marked "not a dog?" are counted apart (they are labeled all the same: the exit status ignores them).
 */
record LabelOutcome(String jobId, int labeled, int deadLetters, int images, int notADog) {
    /** Exit status when at least one image could not be labeled (unreadable, not an image, too large, ...). */
    static final int SOME_NOT_LABELED = 3;

    static LabelOutcome of(String jobId, int images, List<ResultRow> rows) {
        int failed = (int) rows.stream().filter(ResultRow::failed).count();
        int notADog = (int) rows.stream().filter(ResultRow::notADog).count();
        return new LabelOutcome(jobId, rows.size() - failed, failed, images, notADog);
    }

    int exitCode() {
        return deadLetters == 0 ? 0 : SOME_NOT_LABELED;
    }

    /** @param skipped what the ingest summary says of the files that were not images */
    void print(PrintStream out, Path db, String skipped) {
        out.printf("Job %s: labeled %d%s, dead letters %d of %d images; %s (not images). Results in %s%n", jobId, labeled,
                notADog == 0 ? "" : " (" + notADog + " " + DisplayRule.NOT_A_DOG + ")", deadLetters, images, skipped, db);
        if (labeled > 0) {
            out.println("  sqlite3 " + db + " \"SELECT uri, top_breed, top_probability FROM predictions WHERE job_id = '"
                    + jobId + "'\"");
        }
        if (notADog > 0) {
            out.println("  sqlite3 " + db + " \"SELECT uri, top_breed, ood_value, ood_threshold FROM predictions WHERE job_id = '"
                    + jobId + "' AND not_a_dog\"");
        }
        if (deadLetters > 0) {
            out.println("  sqlite3 " + db + " \"SELECT uri, stage, reason FROM dead_letters WHERE job_id = '" + jobId
                    + "'\"");
        }
    }
}
