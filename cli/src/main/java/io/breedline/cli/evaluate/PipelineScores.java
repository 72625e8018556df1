package io.breedline.cli.evaluate;

import io.breedline.service.UserError;
import io.breedline.cli.local.LabelOptions;
import io.breedline.cli.local.LocalRunner;
import io.breedline.clients.config.Settings;
import io.breedline.worker.WorkerConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.sink.query.JobDistributions;
import io.breedline.sink.query.ResultRow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a folder through the real pipeline ({@code ./breedline label}'s {@link LocalRunner}: the same ingest, worker,
 * batching, model and sink) with a top-k as large as the model's classes, and reads back each photo's whole
 * distribution and each dead letter. The worker leaves a saved calibration unapplied ({@code BREEDLINE_CALIBRATION}
 * false): evaluating, and fitting a temperature, needs what the model itself outputs, not last time's fit on top of it.
 */
final class PipelineScores {
    /** Above any model's class count, below the worker's limit: the worker clamps it to the classes there are. */
    static final int ALL_CLASSES = 100_000;

    record Failure(String uri, String stage, String reason) {}

    record Scores(String jobId, List<JobDistributions.Distribution> photos, List<Failure> failures) {}

    private PipelineScores() {}

    static Scores run(Path folder, String model, EvaluateOptions o, int classes, Settings environment, PrintStream out,
            PrintStream err) throws Exception {
        LabelOptions label = new LabelOptions(folder.toString(), Optional.of(model), o.labels(), o.out(), o.maxBatchSize(),
                o.maxBatchDelay(), ALL_CLASSES, 1, 4, o.stallTimeout(), o.device());
        LocalRunner.Job job = new LocalRunner(label, out, err,
                environment.with(Map.of(WorkerConfig.CALIBRATION, "false"))).runJob();
        if (job.published() == 0) {
            return new Scores(job.jobId(), List.of(), List.of());
        }
        JdbcTarget db = JdbcTarget.sqlite(job.db());
        List<JobDistributions.Distribution> photos = JobDistributions.forJob(db, job.jobId(), classes);
        for (JobDistributions.Distribution d : photos) {
            if (d.stored() != classes) {
                throw new UserError("the results of " + d.uri() + " hold " + d.stored() + " of the model's " + classes
                        + " classes; evaluation needs them all");
            }
        }
        try (JdbcResults results = new JdbcResults(db)) {
            List<Failure> failures = results.resultsForJob(job.jobId()).stream().filter(ResultRow::failed)
                    .map(r -> new Failure(r.uri(), r.failureStage(), r.failureReason())).toList();
            return new Scores(job.jobId(), photos, failures);
        }
    }
}
