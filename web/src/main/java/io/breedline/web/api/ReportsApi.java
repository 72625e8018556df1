package io.breedline.web.api;

import com.sun.net.httpserver.HttpExchange;
import io.breedline.web.http.ApiException;
import io.breedline.web.http.Exchanges;
import io.breedline.web.http.Router;
import io.breedline.web.reports.EvaluationReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Evaluation reports: {@code /api/reports} lists them, {@code /reports/<id>/report.html} and its plots show one. The
 * path names an id and a file name of the fixed set a report has; the file is looked up in the listing
 * ({@link EvaluationReports}), so a request cannot name a path. The report page runs no script and loads nothing: its
 * plots are inlined, and it gets a policy that allows exactly that.
 */
public final class ReportsApi {
    static final String REPORT_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final EvaluationReports reports;

    public ReportsApi(EvaluationReports reports) {
        this.reports = reports;
    }

    public void register(Router router) {
        router.get("/api/reports", (ex, m) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("folder", reports.root().toString());
            body.put("reports", reports.list());
            Exchanges.json(ex, 200, body);
        }).get("/reports/([0-9a-f]{16})/([a-z-]+\\.(?:html|png))", this::file);
    }

    private void file(HttpExchange ex, Matcher m) throws IOException {
        Path file = reports.file(m.group(1), m.group(2))
                .orElseThrow(() -> ApiException.notFound("no report file " + m.group(2) + " for report " + m.group(1)));
        boolean html = m.group(2).endsWith(".html");
        if (html) {
            ex.getResponseHeaders().set("Content-Security-Policy", REPORT_POLICY);
        }
        Exchanges.send(ex, 200, html ? "text/html; charset=utf-8" : "image/png", Files.readAllBytes(file));
    }
}
