package io.breedline.web.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.evaluation.report.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportsTest {
    @TempDir
    Path dir;

    @Test
    void listsTheFolderAndItsSubfoldersNewestFirstAndServesOnlyAReportsOwnFiles() throws Exception {
        Evaluation older = TestReports.write(dir.resolve("reports/first"), "/dogs-a", Instant.parse("2026-12-07T10:00:00Z"));
        TestReports.write(dir.resolve("reports/second"), "/dogs-b", Instant.parse("2026-12-08T10:00:00Z"));
        Files.createDirectories(dir.resolve("reports/empty"));
        Files.writeString(Files.createDirectories(dir.resolve("reports/broken")).resolve("evaluation.json"), "{not json");

        EvaluationReports reports = new EvaluationReports(dir.resolve("reports"));
        List<EvaluationReports.Report> list = reports.list();

        assertThat(list).extracting(EvaluationReports.Report::name).containsExactly("second", "first");
        EvaluationReports.Report first = list.get(1);
        assertThat(first.id()).matches("[0-9a-f]{16}").isEqualTo(EvaluationReports.id("first"));
        assertThat(first.folder()).isEqualTo("/dogs-a");
        assertThat(first.modelVersion()).isEqualTo("sha256:0123456789abcdef");
        assertThat(first.photos()).isEqualTo(8);
        assertThat(first.top1()).isEqualTo(older.top1().value()).isEqualTo(7.0 / 8);
        assertThat(first.ece()).isEqualTo(older.calibration().ece());
        assertThat(first.temperature()).isEqualTo(older.temperature().fit().temperature());

        assertThat(reports.file(first.id(), "report.html")).contains(dir.resolve("reports/first/report.html"));
        assertThat(reports.file(first.id(), "reliability.png")).isPresent();
        // Only the page and its plots: not the JSON, the database beside it, or anything named by a path.
        assertThat(reports.file(first.id(), "evaluation.json")).isEmpty();
        assertThat(reports.file(first.id(), "../second/report.html")).isEmpty();
        assertThat(reports.file("0000000000000000", "report.html")).isEmpty();
    }

    @Test
    void theFolderEvaluateWroteIsItselfAReportAndAMissingFolderHasNone() throws Exception {
        TestReports.write(dir.resolve("breedline-evaluation"), "/dogs", Instant.parse("2026-12-08T10:00:00Z"));
        assertThat(new EvaluationReports(dir.resolve("breedline-evaluation")).list())
                .extracting(EvaluationReports.Report::name).containsExactly("breedline-evaluation");
        assertThat(new EvaluationReports(dir.resolve("nowhere")).list()).isEmpty();
    }
}
