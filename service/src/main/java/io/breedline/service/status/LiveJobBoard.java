package io.breedline.service.status;

import io.breedline.contracts.JobRecord;
import io.breedline.sink.query.JobOutcomes;
import io.breedline.web.jobs.DatabaseJobs;
import io.breedline.web.jobs.JobBoard;
import io.breedline.web.jobs.JobView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The web's jobs list from the same data {@code ./breedline status} uses: each job on the jobs topic with what ingest
 * published and the sink's counts, its rate and ETA over the last minute; then the jobs known only from the results
 * database (those of an earlier {@code ./breedline label}, whose broker is gone).
 */
public final class LiveJobBoard implements JobBoard, AutoCloseable {
    private final JobTopicReader topic;
    private final DatabaseJobs database;
    private final Map<String, RateEstimator> rates = new HashMap<>();
    private final Clock clock;

    public LiveJobBoard(JobTopicReader topic, DatabaseJobs database, Clock clock) {
        this.topic = topic;
        this.database = database;
        this.clock = clock;
    }

    @Override
    public synchronized List<JobView> jobs() throws Exception {
        topic.refresh();
        List<JobView> jobs = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (JobRecord job : topic.jobsNewestFirst()) {
            JobOutcomes outcomes = database.outcomes(job.jobId());
            JobStatus s = rates.computeIfAbsent(job.jobId(), id -> new RateEstimator(clock)).observe(job, outcomes);
            jobs.add(new JobView(job.jobId(), job.source(), job.state().name(), s.published(), s.done(), s.deadLettered(),
                    s.alreadyLabeled(), Double.isNaN(s.rate()) ? null : s.rate(), s.eta().map(d -> d.toSeconds()).orElse(null),
                    text(outcomes.firstResultAt()), text(outcomes.lastResultAt()), outcomes.notADog()));
            listed.add(job.jobId());
        }
        for (JobView known : database.jobs()) {
            if (!listed.contains(known.jobId())) {
                jobs.add(known);
            }
        }
        return jobs;
    }

    private static String text(java.time.Instant i) {
        return i == null ? null : i.toString();
    }

    @Override
    public synchronized void close() {
        topic.close();
        database.close();
    }
}
