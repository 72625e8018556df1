package io.breedline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid's filters and keyset paging on both databases, with ties in confidence across page boundaries. */
class GridPagingIT {
    static final String JOB = "job-grid";
    static final List<String> BREEDS = List.of("Pug", "Boxer", "Kuvasz");
    static final int ROWS = 250;

    @TempDir
    Path dir;

    @Test
    void sqlite() throws Exception {
        try (WebHarness web = new WebHarness(dir, Map.of())) {
            try (Connection c = Rows.connect(web.jdbcUrl, null, null)) {
                fill(c, false);
                assertPagesUseTheIndexWithoutSorting(c);
            }
            assertGrid(new Http(web.url("")));
        }
    }

    @Test
    void postgresql() throws Exception {
        SqlServer pg = TestServers.postgres();
        String url = pg.createDatabase();
        try (WebHarness web = new WebHarness(dir, url, Map.of("BREEDLINE_SINK_JDBC_USER", pg.user(),
                "BREEDLINE_SINK_JDBC_PASSWORD", pg.password()))) {
            try (Connection c = Rows.connect(url, pg.user(), pg.password())) {
                fill(c, true);
            }
            assertGrid(new Http(web.url("")));
        }
    }

    /** 250 photos: three breeds, confidences in 50 steps (five photos share each), and 7 dead letters. */
    private static void fill(Connection c, boolean postgres) throws Exception {
        c.setAutoCommit(false);
        for (int i = 0; i < ROWS; i++) {
            String id = String.format("%032x", i * 7919L);
            double p = (i % 50) / 50.0 + 0.01;
            Rows.prediction(c, id, "/photos/" + i + ".jpg", JOB, BREEDS.get(i % 3), p, "Dingo", 0.001, postgres);
        }
        for (int i = 0; i < 7; i++) {
            Rows.deadLetter(c, String.format("%032x", 999_999_000L + i), "/photos/bad" + i + ".jpg", JOB, "corrupt " + i, postgres);
        }
        Rows.prediction(c, String.format("%032x", 5L), "/other/x.jpg", "job-other", "Pug", 0.5, "Dingo", 0.1, postgres);
        c.commit();
    }

    private static void assertGrid(Http http) throws Exception {
        List<JsonNode> asc = all(http, "/api/images?job=" + JOB + "&sort=confidence-asc&limit=40");
        assertThat(asc).hasSize(ROWS);
        assertThat(ids(asc)).doesNotHaveDuplicates();
        for (int i = 1; i < asc.size(); i++) {
            double prev = asc.get(i - 1).get("confidence").asDouble();
            double cur = asc.get(i).get("confidence").asDouble();
            assertThat(cur).isGreaterThanOrEqualTo(prev);
            if (cur == prev) {
                assertThat(asc.get(i).get("imageId").asText()).isGreaterThan(asc.get(i - 1).get("imageId").asText());
            }
        }
        List<JsonNode> desc = all(http, "/api/images?job=" + JOB + "&sort=confidence-desc&limit=33");
        List<String> reversed = new ArrayList<>(ids(asc));
        java.util.Collections.reverse(reversed);
        assertThat(ids(desc)).containsExactlyElementsOf(reversed);

        List<JsonNode> boxers = all(http, "/api/images?job=" + JOB + "&breed=Boxer&minConfidence=0.2&maxConfidence=0.6&limit=7");
        long expected = asc.stream().filter(n -> n.get("breed").asText().equals("Boxer"))
                .filter(n -> n.get("confidence").asDouble() >= 0.2 && n.get("confidence").asDouble() <= 0.6).count();
        assertThat(boxers).hasSize((int) expected).isNotEmpty();
        assertThat(boxers).allSatisfy(n -> assertThat(n.get("breed").asText()).isEqualTo("Boxer"));

        List<JsonNode> dead = all(http, "/api/images?job=" + JOB + "&outcome=dead-letter&limit=3");
        assertThat(dead).hasSize(7);
        assertThat(dead).allSatisfy(n -> assertThat(n.get("failureReason").asText()).startsWith("corrupt"));

        Set<String> everyJob = new HashSet<>(ids(all(http, "/api/images?limit=100")));
        assertThat(everyJob).hasSize(ROWS + 1);
    }

    private static List<JsonNode> all(Http http, String query) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = http.get(query + (next == null ? "" : "&after=" + next)).json();
            page.get("images").forEach(rows::add);
            next = page.get("next").isNull() ? null : page.get("next").asText();
            assertThat(++pages).isLessThan(100);
        } while (next != null);
        return rows;
    }

    private static List<String> ids(List<JsonNode> rows) {
        return rows.stream().map(n -> n.get("imageId").asText()).toList();
    }

    /** SQLite's plan for a later page: a range of the job index, no temporary sort. */
    private static void assertPagesUseTheIndexWithoutSorting(Connection c) throws Exception {
        String sql = "EXPLAIN QUERY PLAN SELECT p.image_id FROM predictions p WHERE p.top_probability >= 0 "
                + "AND p.top_probability <= 1 AND p.job_id = 'j' AND (p.top_probability, p.image_id, p.model_version) > (0.5, 'a', 'v') "
                + "ORDER BY p.top_probability ASC, p.image_id ASC, p.model_version ASC LIMIT 61";
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                plan.append(rs.getString(4)).append('\n');
            }
        }
        assertThat(plan.toString()).contains("predictions_job_confidence").doesNotContain("TEMP B-TREE");
    }
}
