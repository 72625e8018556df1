package io.breedline.web.api;

import io.breedline.web.http.Exchanges;
import io.breedline.web.http.Router;
import io.breedline.web.jobs.JobBoard;
import io.breedline.web.query.Reviews;
import io.breedline.web.query.Summary;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@code /api/jobs}, {@code /api/summary} and the reviewed labels' exports. */
public final class ArchiveApi {
    private final JobBoard jobs;
    private final Summary summary;
    private final Reviews reviews;

    public ArchiveApi(JobBoard jobs, Summary summary, Reviews reviews) {
        this.jobs = jobs;
        this.summary = summary;
        this.reviews = reviews;
    }

    public void register(Router router) {
        router.get("/api/jobs", (ex, m) -> Exchanges.json(ex, 200, jobs.jobs()))
                .get("/api/summary", (ex, m) -> Exchanges.json(ex, 200,
                        summary.figures(Optional.ofNullable(Exchanges.query(ex).get("job")).filter(j -> !j.isBlank()))))
                .get("/api/reviews/export\\.csv", (ex, m) -> {
                    StringWriter out = new StringWriter();
                    reviews.exportCsv(out);
                    ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"breedline-reviews.csv\"");
                    Exchanges.send(ex, 200, "text/csv; charset=utf-8", out.toString().getBytes(StandardCharsets.UTF_8));
                })
                .get("/api/reviews/export-folders\\.txt", (ex, m) -> {
                    StringWriter out = new StringWriter();
                    reviews.exportFolders(out);
                    ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"breedline-folders.txt\"");
                    Exchanges.send(ex, 200, "text/plain; charset=utf-8", out.toString().getBytes(StandardCharsets.UTF_8));
                });
    }
}
