package io.breedline.ingest.progress;

import io.breedline.contracts.SkippedFiles;
import io.breedline.ingest.IngestProgress;
import io.breedline.ingest.IngestSummary;
import io.breedline.ingest.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a run to a person: on a terminal one line redrawn in place (published, rate, elapsed); elsewhere (a pipe, a
 * container log) a plain line every interval. Either way the job id comes first and a summary last.
 *
 * <p>Time comes from the progress itself ({@link IngestProgress#elapsed()}, measured by the ingestor's clock), so a
 * test drives it with made-up elapsed times.
 */
public final class ProgressReporter implements ProgressListener {
    private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);

    private final PrintStream terminal;
    private final Consumer<String> lines;
    private final Duration interval;
    private Duration nextLine = Duration.ZERO;
    private int drawnWidth = -1;

    private ProgressReporter(PrintStream terminal, Consumer<String> lines, Duration interval) {
        this.terminal = terminal;
        this.lines = lines;
        this.interval = interval;
    }

    /** A line redrawn with {@code \r} on every progress tick. */
    public static ProgressReporter terminal(PrintStream out) {
        return new ProgressReporter(Objects.requireNonNull(out, "out"), null, Duration.ZERO);
    }

    /** A plain line at most every interval, to a line sink (a logger, in production). */
    public static ProgressReporter plain(Consumer<String> lines, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        return new ProgressReporter(null, Objects.requireNonNull(lines, "lines"), interval);
    }

    /** The terminal form when standard output is an interactive console, else plain log lines. */
    public static ProgressReporter forConsole(Duration plainInterval) {
        return System.console() != null ? terminal(System.out) : plain(log::info, plainInterval);
    }

    @Override
    public void started(String jobId, String source, String topic) {
        println("Job " + jobId + ": publishing image references from " + source + " to topic " + topic);
    }

    @Override
    public void progressed(IngestProgress p) {
        if (terminal != null) {
            String line = String.format(Locale.ROOT, "published %,d | skipped %,d%s | %,.1f/s | %s",
                    p.published(), p.skipped(), p.failed() > 0 ? String.format(Locale.ROOT, " | FAILED %,d", p.failed()) : "",
                    p.ratePerSecond(), elapsed(p.elapsed()));
            // Pad over the previous line: it may have been longer.
            String pad = " ".repeat(Math.max(0, drawnWidth - line.length()));
            terminal.print("\r" + line + pad);
            terminal.flush();
            drawnWidth = line.length();
        } else if (p.elapsed().compareTo(nextLine) >= 0) {
            lines.accept(String.format(Locale.ROOT, "Job %s: published %,d, skipped %,d, failed %,d, %,.1f/s, elapsed %s",
                    p.jobId(), p.published(), p.skipped(), p.failed(), p.ratePerSecond(), elapsed(p.elapsed())));
            nextLine = p.elapsed().plus(interval);
        }
    }

    @Override
    public void finished(IngestSummary s) {
        println(summary(s));
    }

    /** The summary in words: job id, published, skipped (by reason), failed, elapsed, rate. */
    public static String summary(IngestSummary s) {
        return String.format(Locale.ROOT, "Job %s %s: published %,d, %s; failed %,d in %s (%,.1f/s)",
                s.jobId(), s.failed() > 0 ? "FAILED" : "done", s.published(), skipped(s.skipped(), s.skippedBy()),
                s.failed(), elapsed(s.elapsed()), s.ratePerSecond());
    }

    /** {@code skipped 3: 2 .txt, 1 .mov}, or {@code skipped 0}. */
    public static String skipped(long total, Map<String, Long> byReason) {
        String reasons = SkippedFiles.describe(byReason, 8);
        return String.format(Locale.ROOT, "skipped %,d", total) + (reasons.isEmpty() ? "" : ": " + reasons);
    }

    /** {@code 12.3s} under a minute, else {@code 4m05s} or {@code 1h02m03s}. */
    static String elapsed(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }

    private void println(String line) {
        if (terminal != null) {
            if (drawnWidth >= 0) {
                terminal.println(); // end the progress line, keeping its last state on screen
                drawnWidth = -1;
            }
            terminal.println(line);
            terminal.flush();
        } else {
            lines.accept(line);
        }
    }
}
