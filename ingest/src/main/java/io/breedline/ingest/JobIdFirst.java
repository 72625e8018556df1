package io.breedline.ingest;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Prints the job id alone as the first line of standard output, before anything else is reported, so a script can
 * capture it ({@code JOB=$(./breedline ingest DIR)}) whether or not output is a terminal; logs go to standard error.
 * Everything else goes to the wrapped listener.
 */
public final class JobIdFirst implements ProgressListener {
    private final PrintStream out;
    private final ProgressListener next;

    public JobIdFirst(PrintStream out, ProgressListener next) {
        this.out = Objects.requireNonNull(out, "out");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void started(String jobId, String source, String topic) {
        out.println(jobId);
        out.flush();
        next.started(jobId, source, topic);
    }

    @Override
    public void progressed(IngestProgress progress) {
        next.progressed(progress);
    }

    @Override
    public void finished(IngestSummary summary) {
        next.finished(summary);
    }
}
