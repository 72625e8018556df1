package io.breedline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.models.OracleModel;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./breedline label} on the sample photos, in its own process with the shipped logging configuration, as an
 * operator runs it: standard output holds the table and the summary, standard error where the logs went and the
 * progress, and nothing else (no INFO lines of the broker, sink or worker, no Kafka warning at shutdown). The logs
 * are in the file it names.
 */
class LabelOutputIT {
    private static final Path SAMPLES = Path.of("../../shared/samples").toAbsolutePath().normalize();
    private static final List<String> PHOTOS = List.of("bulldog.jpg", "french_buldog.jpg", "german_shepard.jpg", "retriever.jpg");

    @TempDir
    Path tmp;

    @Test
    void labelPrintsTheTableTheSummaryAndProgressOnlyAndLogsIntoItsFile() throws Exception {
        Path model = OracleModel.build(tmp.resolve("model"));
        Path out = tmp.resolve("out");
        URL shipped = LabelOutputIT.class.getClassLoader().getResource("logback.xml");
        assertThat(shipped).as("the service module's logback.xml on the classpath").isNotNull();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + shipped, "-cp", System.getProperty("java.class.path"),
                io.breedline.cli.Main.class.getName(), "label", SAMPLES.toString(), "--model", model.toString(),
                "--out", out.toString())
                .redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BREEDLINE_"));
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "1"); // as ./breedline sets it
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        List<String> stdout = Files.readAllLines(tmp.resolve("stdout.txt"), StandardCharsets.UTF_8);
        List<String> stderr = Files.readAllLines(tmp.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("stdout %s%nstderr %s", stdout, stderr).isZero();

        Path db = out.resolve("labels.db");
        assertThat(stdout).hasSize(PHOTOS.size() + 5);
        assertThat(stdout.get(0)).matches("IMAGE +BREED +CONFIDENCE");
        assertThat(stdout.get(1)).matches("-+( +-+){2}");
        for (int i = 0; i < PHOTOS.size(); i++) {
            assertThat(stdout.get(2 + i)).startsWith(PHOTOS.get(i) + " ");
        }
        assertThat(stdout.get(6)).isEmpty();
        assertThat(stdout.get(7)).matches("Job job-[-0-9a-f]+: labeled 4, dead letters 0 of 4 images; skipped 1: 1 \\.txt "
                + "\\(not images\\)\\. Results in " + Pattern.quote(db.toString()));
        assertThat(stdout.get(8)).startsWith("  sqlite3 " + db + " \"SELECT uri, top_breed, top_probability FROM predictions WHERE job_id = 'job-");

        Path log = out.resolve(LogFile.NAME);
        assertThat(stderr).as("standard error").allSatisfy(line -> assertThat(line).matches(
                Pattern.quote("Logs: " + log + " (--verbose shows them here)") + "|labeled [0-4]/4 images .*|"));
        assertThat(stderr).first().isEqualTo("Logs: " + log + " (--verbose shows them here)");
        assertThat(stderr).anySatisfy(line -> assertThat(line).startsWith("labeled 4/4 images "));
        assertThat(Files.readString(log)).contains("INFO", "Kafka broker ready on", "Worker local-0 stopped: predictions=4");
    }
}
