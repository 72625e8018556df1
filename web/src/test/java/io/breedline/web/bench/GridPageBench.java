package io.breedline.web.bench;

import io.breedline.clients.config.Settings;
import io.breedline.web.WebApp;
import io.breedline.web.WebConfig;
import io.breedline.web.query.Database;
import io.breedline.worker.fetch.FileRoots;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Benchmark, not a test: the grid's page time on a results database of N photos (default 100,000) written straight
 * into SQLite. Walks every page of one job by keyset, most confident first, and a breed's pages; prints the median,
 * p90 and max page time over HTTP. Run with {@code web/bench.sh GridPageBench [N]}.
 */
public final class GridPageBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("breedline-grid-bench");
        Path db = dir.resolve("labels.db");
        Map<String, String> env = Map.of("BREEDLINE_SINK_JDBC_URL", "jdbc:sqlite:" + db, WebConfig.PORT, "0",
                WebConfig.UPLOAD_DIR, dir.resolve("uploads").toString(), WebConfig.THUMBNAIL_DIR, dir.resolve("t").toString(),
                "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9"); // no upload is made: the producer never connects
        WebConfig config = WebConfig.from(Settings.of(env));
        List<String> breeds = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            breeds.add("breed-" + i);
        }
        long t0 = System.nanoTime();
        try (Database database = new Database(config.database())) {
            database.run(c -> {
                fill(c, n, breeds);
                return null;
            });
        }
        System.out.printf("wrote %,d predictions in %.1f s to %s%n", n, (System.nanoTime() - t0) / 1e9, db);
        try (WebApp app = WebApp.start(config, breeds, Optional.empty(), FileRoots.none())) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port() + "/api/images?job=job-bench&limit=60";
            walk(http, base, 3); // warm-up: the JIT and SQLite's page cache
            report("all photos of the job, 60 a page, most confident first", walk(http, base, Integer.MAX_VALUE));
            List<Double> breedPages = new ArrayList<>();
            for (int b = 0; b < 10; b++) {
                breedPages.addAll(walk(http, base + "&breed=breed-" + (b * 11), Integer.MAX_VALUE));
            }
            report("ten breeds' photos, 60 a page", breedPages);
            report("confidence 20-40%, least confident first", walk(http, base + "&minConfidence=0.2&maxConfidence=0.4"
                    + "&sort=confidence-asc", Integer.MAX_VALUE));
        }
    }

    private static void fill(Connection c, int n, List<String> breeds) throws java.sql.SQLException {
        Random random = new Random(42);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO predictions (image_id, model_version, model_name, uri, "
                + "job_id, top_breed, top_probability, top_k_json, worker_id, predicted_at, written_at) "
                + "VALUES (?, 'v1', 'bench', ?, 'job-bench', ?, ?, '[]', 'w', '2026-01-01T00:00:00.000Z', "
                + "'2026-01-01T00:00:00.000Z')");
                PreparedStatement second = c.prepareStatement("INSERT INTO prediction_breeds (image_id, model_version, rank, "
                        + "breed, class_index, probability) VALUES (?, 'v1', 2, ?, 0, ?)")) {
            for (int i = 0; i < n; i++) {
                String id = String.format("%032x", random.nextLong() & Long.MAX_VALUE);
                double p = random.nextDouble();
                ps.setString(1, id);
                ps.setString(2, "/archive/" + i + ".jpg");
                ps.setString(3, breeds.get(random.nextInt(breeds.size())));
                ps.setDouble(4, p);
                ps.addBatch();
                second.setString(1, id);
                second.setString(2, breeds.get(random.nextInt(breeds.size())));
                second.setDouble(3, p * random.nextDouble());
                second.addBatch();
                if (i % 5000 == 4999) {
                    ps.executeBatch();
                    second.executeBatch();
                }
            }
            ps.executeBatch();
            second.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** Page times in ms, following {@code next} until the last page or {@code maxPages}. */
    private static List<Double> walk(HttpClient http, String query, int maxPages) throws Exception {
        List<Double> times = new ArrayList<>();
        String next = null;
        do {
            String url = query + (next == null ? "" : "&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            times.add((System.nanoTime() - start) / 1e6);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            int i = r.body().lastIndexOf("\"next\":");
            String tail = r.body().substring(i + 7);
            next = tail.startsWith("null") ? null : tail.substring(1, tail.indexOf('"', 1));
        } while (next != null && times.size() < maxPages);
        return times;
    }

    private static void report(String what, List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        System.out.printf("%-55s pages %,6d  median %6.2f ms  p90 %6.2f ms  max %7.2f ms  last page %6.2f ms%n", what,
                times.size(), sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)),
                sorted.get(sorted.size() - 1), times.get(times.size() - 1));
    }
}
