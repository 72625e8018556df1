package io.breedline.cli.local;

import io.breedline.service.UserError;
import io.breedline.sink.query.JdbcResults;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Waits until every published image of a job has a result row or a dead letter, showing progress. Gives up only when
 * nothing has finished for the stall timeout, so a long archive never times out while it is moving.
 */
final class CompletionWaiter {
    private static final Duration POLL = Duration.ofMillis(250);

    private final JdbcResults results;
    private final Duration stallTimeout;
    private final PrintStream err;
    private final boolean terminal = System.console() != null;

    CompletionWaiter(JdbcResults results, Duration stallTimeout, PrintStream err) {
        this.results = results;
        this.stallTimeout = stallTimeout;
        this.err = err;
    }

    void await(String jobId, long expected) throws InterruptedException, java.sql.SQLException {
        long start = System.nanoTime();
        long lastChange = start;
        long lastDone = -1;
        long lastPrinted = 0;
        while (true) {
            long done = results.countForJob(jobId);
            long now = System.nanoTime();
            if (done != lastDone) {
                lastDone = done;
                lastChange = now;
            }
            boolean finished = done >= expected;
            if (finished || now - lastPrinted > (terminal ? POLL.toNanos() : Duration.ofSeconds(5).toNanos())) {
                progress(done, expected, now - start, finished);
                lastPrinted = now;
            }
            if (finished) {
                return;
            }
            if (now - lastChange > stallTimeout.toNanos()) {
                throw new UserError("no image finished for " + stallTimeout.toSeconds() + " s (" + done + " of " + expected
                        + " done); see the worker's log above. Raise --stall-timeout for a very slow model.");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private void progress(long done, long expected, long elapsedNanos, boolean finished) {
        double seconds = elapsedNanos / 1e9;
        String line = String.format(Locale.ROOT, "labeled %d/%d images  %.1f images/s  %.0f s", done, expected,
                seconds > 0 ? done / seconds : 0.0, seconds);
        if (terminal) {
            err.print("\r" + line + (finished ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }
}
