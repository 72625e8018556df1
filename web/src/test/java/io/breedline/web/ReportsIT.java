package io.breedline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.breedline.web.reports.TestReports;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page lists the evaluation reports in BREEDLINE_WEB_REPORTS and serves each one's page and plots, by id only. */
class ReportsIT {
    @TempDir
    Path dir;

    @Test
    void listsAReportAndShowsItsPageAndPlots() throws Exception {
        Path reports = dir.resolve("reports");
        TestReports.write(reports.resolve("dogs-2026-12"), "/photos/<dogs>", Instant.parse("2026-12-08T03:00:00Z"));
        Files.writeString(reports.resolve("secret.txt"), "not to be served");
        try (WebHarness web = new WebHarness(dir, Map.of(WebConfig.REPORTS, reports.toString()))) {
            Http http = new Http(web.url(""));

            Http.Response page = http.get("/reports");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("Evaluation reports").contains("/static/reports.js");
            assertThat(http.get("/static/reports.js").status()).isEqualTo(200);
            assertThat(http.get("/").text()).contains("href=\"/reports\"");

            JsonNode list = http.get("/api/reports").json();
            assertThat(list.get("folder").asText()).isEqualTo(reports.toString());
            assertThat(list.get("reports")).hasSize(1);
            JsonNode r = list.get("reports").get(0);
            assertThat(r.get("name").asText()).isEqualTo("dogs-2026-12");
            assertThat(r.get("folder").asText()).isEqualTo("/photos/<dogs>");
            assertThat(r.get("photos").asInt()).isEqualTo(8);
            assertThat(r.get("top1").asDouble()).isEqualTo(7.0 / 8);
            assertThat(r.has("dir")).as("no server path in the answer").isFalse();
            String id = r.get("id").asText();

            Http.Response html = http.get("/reports/" + id + "/report.html");
            assertThat(html.status()).isEqualTo(200);
            assertThat(html.contentType()).startsWith("text/html");
            assertThat(html.text()).contains("&lt;dogs&gt;").doesNotContain("<dogs>");
            Http.Response png = http.get("/reports/" + id + "/reliability.png");
            assertThat(png.status()).isEqualTo(200);
            assertThat(png.contentType()).isEqualTo("image/png");
            assertThat(ImageIO.read(new ByteArrayInputStream(png.body()))).isNotNull();

            // Ids and the report's own file names only.
            assertThat(http.get("/reports/" + id + "/evaluation.json").status()).isEqualTo(404);
            assertThat(http.get("/reports/" + id + "/labels.db").status()).isEqualTo(404);
            assertThat(http.get("/reports/0123456789abcdef/report.html").status()).isEqualTo(404);
            assertThat(http.get("/reports/" + id + "/..%2Fsecret.txt").status()).isEqualTo(404);
            assertThat(http.get("/reports/dogs-2026-12/report.html").status()).isEqualTo(404);
        }
    }
}
