package io.breedline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.models.OracleModel;
import io.breedline.testkit.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./breedline label} as a user runs it: a folder in, a table out, results left in SQLite. */
class LocalRunnerIT {
    @TempDir
    Path tmp;

    @Test
    void labelsAFolderPrintsTheTableAndLeavesSqliteResults() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos/nested"));
        List<String> labels = OracleModel.labels();
        for (int cls = 0; cls < labels.size(); cls++) {
            TestImages.writeJpeg(photos, "dog-" + labels.get(cls) + ".jpg", 320, 240, OracleModel.colourOf(cls));
        }
        Files.writeString(photos.resolve("broken.jpg"), "not a photo");
        Files.writeString(tmp.resolve("photos/README.txt"), "skipped: not an image name");
        Path model = OracleModel.build(tmp.resolve("model"));
        Path out = tmp.resolve("out");

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        LabelOptions options = new LabelOptions(tmp.resolve("photos").toString(), Optional.of(model.toString()), Optional.empty(),
                out, 4, Duration.ofMillis(100), 3, 1, 2, Duration.ofMinutes(3), "auto");
        int code = new LocalRunner(options, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8)).run();

        // One image is not a photo: a dead letter, so not a clean success.
        assertThat(code).isEqualTo(LabelOutcome.SOME_NOT_LABELED);
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        for (String label : labels) {
            // The oracle is sure of solid colours, so each line shows the one breed (here: colour) alone.
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("nested/dog-" + label + ".jpg").contains(" " + label + " "));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("nested/broken.jpg").contains("not labeled"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Job ")
                .contains(": labeled " + labels.size() + ", dead letters 1 of " + (labels.size() + 1) + " images; skipped ")
                .contains(" (not images). Results in " + out.resolve("labels.db")));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("FROM predictions WHERE job_id"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("FROM dead_letters WHERE job_id"));
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("DEMO model");

        Files.delete(photos.resolve("broken.jpg"));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        LabelOptions cleanRun = new LabelOptions(tmp.resolve("photos").toString(), Optional.of(model.toString()),
                Optional.empty(), tmp.resolve("out-clean"), 4, Duration.ofMillis(100), 3, 1, 2, Duration.ofMinutes(3), "auto");
        assertThat(new LocalRunner(cleanRun, new PrintStream(again, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8)).run()).as("every image labeled").isZero();
        assertThat(again.toString(StandardCharsets.UTF_8)).contains(", dead letters 0 of " + labels.size() + " images;")
                .doesNotContain("FROM dead_letters");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("labels.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM predictions")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(labels.size());
        }
    }

    @Test
    void outputParquetWritesFilesThatDuckDbReadsAsTheDatabaseHoldsThem() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        List<String> labels = OracleModel.labels();
        for (int cls = 0; cls < labels.size(); cls++) {
            TestImages.writeJpeg(photos, "dog-" + cls + ".jpg", 320, 240, OracleModel.colourOf(cls));
        }
        Files.writeString(photos.resolve("broken.jpg"), "not a photo");
        Path model = OracleModel.build(tmp.resolve("model"));
        Path out = tmp.resolve("out");
        Path files = tmp.resolve("parquet out");

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        LabelOptions options = new LabelOptions(photos.toString(), Optional.of(model.toString()), Optional.empty(), out, 4,
                Duration.ofMillis(100), 3, 1, 2, Duration.ofMinutes(3), "auto", Optional.of(FileOutput.parse("parquet:" + files)));
        new LocalRunner(options, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

        String printed = stdout.toString(StandardCharsets.UTF_8);
        String query = printed.lines().filter(l -> l.contains("duckdb -c")).findFirst().orElseThrow()
                .replaceFirst("^\\s*duckdb -c \"", "").replaceFirst("\"$", "");
        Map<String, String> fromSqlite = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("labels.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT uri, top_breed, top_probability FROM predictions")) {
            while (rs.next()) {
                fromSqlite.put(rs.getString(1), rs.getString(2) + " " + rs.getDouble(3));
            }
        }
        Map<String, String> fromParquet = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            // The query the summary prints, as a user would paste it.
            try (ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    fromParquet.put(rs.getString(1), rs.getString(2) + " " + rs.getDouble(3));
                }
            }
            String deadLetters = files.resolve("breedline.dead-letters") + "/*/*.parquet";
            try (ResultSet rs = s.executeQuery("SELECT image_uri, stage FROM read_parquet('" + deadLetters + "')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(photos.resolve("broken.jpg").toString());
                assertThat(rs.getString(2)).isEqualTo("DECODE");
                assertThat(rs.next()).isFalse();
            }
        }
        assertThat(fromSqlite).hasSize(labels.size());
        assertThat(fromParquet).isEqualTo(fromSqlite);
    }

    @Test
    void aFolderWithoutImagesIsReportedBeforeAnythingStarts() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no photos here");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        // A model path that does not exist: nothing may get as far as loading it.
        LabelOptions options = new LabelOptions(empty.toString(), Optional.of(tmp.resolve("no-model").toString()),
                Optional.empty(), tmp.resolve("out"), 4, Duration.ofMillis(100), 3, 1, 2, Duration.ofMinutes(1), "auto");
        int code = new LocalRunner(options, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8)).run();
        assertThat(code).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("No images to label in " + empty);
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("Kafka broker ready");
    }
}
