package io.breedline.web.jobs;

import java.util.List;

/**
 * Where the jobs list comes from. The launcher that knows a jobs topic supplies one that reads it (live progress, as
 * {@code ./breedline status} does); {@link DatabaseJobs} lists what the results database knows.
 */
public interface JobBoard {
    List<JobView> jobs() throws Exception;
}
