package io.breedline.web.jobs;

import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.sink.query.JobOutcomes;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Jobs known from their results: every job the sink wrote an outcome for, the most recent first. */
public final class DatabaseJobs implements JobBoard, AutoCloseable {
    static final int LIMIT = 200;
    private final JdbcResults results;

    public DatabaseJobs(JdbcTarget target) {
        this.results = new JdbcResults(target);
    }

    @Override
    public synchronized List<JobView> jobs() throws SQLException {
        List<JobView> jobs = new ArrayList<>();
        for (JobOutcomes o : results.recentJobs(LIMIT)) {
            jobs.add(view(o));
        }
        return jobs;
    }

    /** A job's outcome counts, with nothing known of what ingest published. */
    public static JobView view(JobOutcomes o) {
        return new JobView(o.jobId(), null, "RESULTS", null, o.done(), o.deadLettered(), o.alreadyLabeled(), null, null,
                text(o.firstResultAt()), text(o.lastResultAt()), o.notADog());
    }

    public synchronized JobOutcomes outcomes(String jobId) throws SQLException {
        return results.outcomesForJob(jobId);
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    @Override
    public synchronized void close() {
        results.close();
    }
}
