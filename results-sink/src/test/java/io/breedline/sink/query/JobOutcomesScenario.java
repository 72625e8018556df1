package io.breedline.sink.query;

import static io.breedline.sink.TestResults.alreadyLabeled;
import static io.breedline.sink.TestResults.calibrated;
import static io.breedline.sink.TestResults.deadLetter;
import static io.breedline.sink.TestResults.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.breedline.contracts.BreedScore;
import io.breedline.sink.jdbc.JdbcResultWriter;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/** The job queries on any database: SQLite in the unit test, PostgreSQL in the IT. */
final class JobOutcomesScenario {
    private static final TopicPartition PREDICTIONS = new TopicPartition("p", 0);
    private static final TopicPartition DEAD_LETTERS = new TopicPartition("d", 0);
    private static final TopicPartition ALREADY_LABELED = new TopicPartition("a", 0);

    private JobOutcomesScenario() {}

    /** Writes outcomes of two jobs at known times and checks what the job queries read back. */
    static void writeAndQuery(JdbcTarget target) throws Exception {
        Instant t1 = Instant.parse("2026-11-26T12:00:00.250Z");
        Instant t2 = Instant.parse("2026-11-26T12:00:07Z");
        Instant t3 = Instant.parse("2026-11-26T12:01:00Z");
        Instant[] now = {t1};
        // The writer stamps written_at from its clock.
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        try (JdbcResultWriter writer = new JdbcResultWriter(target, clock);
                JdbcResults results = new JdbcResults(target)) {
            writer.open();
            writer.write(List.of(new PartitionBatch(PREDICTIONS, List.of(
                    ResultRecord.of(0, prediction("/dogs/a.jpg", "job-1")),
                    ResultRecord.of(1, prediction("/dogs/a.jpg", "job-1", "v2", new BreedScore("pug", 3, 0.9)))), 2)), t1);
            now[0] = t2;
            writer.write(List.of(
                    new PartitionBatch(PREDICTIONS, List.of(ResultRecord.of(2, prediction("/dogs/b.jpg", "job-1"))), 3),
                    new PartitionBatch(DEAD_LETTERS, List.of(
                            ResultRecord.of(0, deadLetter("/dogs/c.txt", "job-1")),
                            ResultRecord.of(1, deadLetter("/dogs/b.jpg", "job-1"))), 2)), t2);
            now[0] = t3;
            writer.write(List.of(new PartitionBatch(DEAD_LETTERS, List.of(
                    ResultRecord.of(2, deadLetter("/dogs/x.txt", "job-2"))), 3)), t3);

            assertThat(results.outcomesForJob("job-1")).isEqualTo(new JobOutcomes("job-1", 2, 1, t1, t2));
            assertThat(results.outcomesForJob("job-2")).isEqualTo(new JobOutcomes("job-2", 0, 1, t3, t3));
            assertThat(results.outcomesForJob("job-9")).isEqualTo(JobOutcomes.none("job-9"));
            assertThat(results.recentJobs(10)).extracting(JobOutcomes::jobId).containsExactly("job-2", "job-1");
            assertThat(results.recentJobs(1)).hasSize(1);
        }
    }

    /**
     * A backfill over images an earlier job labeled: the later job's skips count as done (apart as already labeled),
     * its result rows are the earlier predictions, and writing the same notices again changes nothing.
     */
    static void alreadyLabeledCountsAsDone(JdbcTarget target) throws Exception {
        Instant t1 = Instant.parse("2026-11-26T12:00:00Z");
        Instant t2 = Instant.parse("2026-11-26T12:05:00Z");
        try (JdbcResultWriter first = new JdbcResultWriter(target, Clock.fixed(t1, ZoneOffset.UTC));
                JdbcResultWriter second = new JdbcResultWriter(target, Clock.fixed(t2, ZoneOffset.UTC));
                JdbcResults results = new JdbcResults(target)) {
            first.open();
            second.open();
            first.write(List.of(new PartitionBatch(PREDICTIONS, List.of(
                    ResultRecord.of(0, prediction("/dogs/a.jpg", "job-1")),
                    ResultRecord.of(1, prediction("/dogs/b.jpg", "job-1"))), 2)), t1);
            List<ResultRecord> notices = List.of(
                    ResultRecord.of(0, alreadyLabeled("/dogs/a.jpg", "job-2")),
                    ResultRecord.of(1, alreadyLabeled("/dogs/b.jpg", "job-2")),
                    ResultRecord.of(2, alreadyLabeled("/dogs/a.jpg", "job-2"))); // delivered twice: one outcome
            // job-2 also labels a new image and fails one; an image skipped and dead-lettered counts as done only.
            second.write(List.of(
                    new PartitionBatch(ALREADY_LABELED, notices, 3),
                    new PartitionBatch(PREDICTIONS, List.of(ResultRecord.of(2, prediction("/dogs/c.jpg", "job-2"))), 3),
                    new PartitionBatch(DEAD_LETTERS, List.of(
                            ResultRecord.of(0, deadLetter("/dogs/d.txt", "job-2")),
                            ResultRecord.of(1, deadLetter("/dogs/b.jpg", "job-2"))), 2)), t2);
            second.write(List.of(new PartitionBatch(ALREADY_LABELED, notices, 3)), t2); // replayed after a restart

            assertThat(results.outcomesForJob("job-1")).isEqualTo(new JobOutcomes("job-1", 2, 0, t1, t1, 0));
            assertThat(results.outcomesForJob("job-2")).isEqualTo(new JobOutcomes("job-2", 3, 1, t2, t2, 2));
            assertThat(results.countForJob("job-2")).isEqualTo(4);
            assertThat(results.recentJobs(10)).extracting(JobOutcomes::jobId, JobOutcomes::alreadyLabeled)
                    .containsExactly(tuple("job-2", 2L), tuple("job-1", 0L));
            assertThat(results.resultsForJob("job-2")).extracting(ResultRow::uri, ResultRow::topBreed, ResultRow::failureStage)
                    .containsExactlyInAnyOrder(
                            tuple("/dogs/a.jpg", "beagle", null),
                            tuple("/dogs/b.jpg", "beagle", null),
                            tuple("/dogs/c.jpg", "beagle", null),
                            tuple("/dogs/d.txt", null, "DECODE"));
            assertThat(results.resultsForJob("job-1")).extracting(ResultRow::uri).containsExactly("/dogs/a.jpg", "/dogs/b.jpg");
        }
    }

    /**
     * A calibrated model's predictions: the rows show the calibrated top-k and keep the raw one, and the job counts the
     * images below the "not a dog" threshold; a prediction without calibration leaves the new columns NULL.
     */
    static void calibratedPredictionsAndNotADog(JdbcTarget target) throws Exception {
        Instant t1 = Instant.parse("2026-12-08T03:00:00Z");
        try (JdbcResultWriter writer = new JdbcResultWriter(target, Clock.fixed(t1, ZoneOffset.UTC));
                JdbcResults results = new JdbcResults(target)) {
            writer.open();
            writer.write(List.of(new PartitionBatch(PREDICTIONS, List.of(
                    ResultRecord.of(0, calibrated("/mixed/dog.jpg", "job-c", 0.6)),
                    ResultRecord.of(1, calibrated("/mixed/plane.jpg", "job-c", 0.4)),
                    ResultRecord.of(2, prediction("/mixed/old-model.jpg", "job-c", "v0", new BreedScore("pug", 3, 0.3)))), 3),
                    new PartitionBatch(DEAD_LETTERS, List.of(ResultRecord.of(0, deadLetter("/mixed/x.txt", "job-c"))), 1)),
                    t1);

            assertThat(results.outcomesForJob("job-c")).isEqualTo(new JobOutcomes("job-c", 3, 1, t1, t1, 0, 1));
            double sum = Math.sqrt(0.7) + Math.sqrt(0.2) + Math.sqrt(0.1);
            assertThat(results.resultsForJob("job-c")).extracting(ResultRow::uri, ResultRow::notADog, ResultRow::failed)
                    .containsExactly(tuple("/mixed/dog.jpg", false, false), tuple("/mixed/old-model.jpg", false, false),
                            tuple("/mixed/plane.jpg", true, false), tuple("/mixed/x.txt", false, true));
            ResultRow plane = results.resultsForJob("job-c").get(2);
            assertThat(plane.topProbability()).isCloseTo(Math.sqrt(0.7) / sum, within(1e-12));
            assertThat(plane.secondProbability()).isCloseTo(Math.sqrt(0.2) / sum, within(1e-12));
        }
        try (Connection c = target.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT uri, top_probability, raw_top_k_json, calibrated_top_k_json, "
                        + "display_top_k, temperature, ood_score, ood_value, ood_threshold, not_a_dog FROM predictions "
                        + "WHERE job_id = 'job-c' ORDER BY uri")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("/mixed/dog.jpg");
            assertThat(rs.getString(3)).contains("\"probability\":0.7");
            assertThat(rs.getString(4)).startsWith("[{\"breed\":\"beagle\"");
            assertThat(rs.getString(5)).isEqualTo("CALIBRATED");
            assertThat(List.of(rs.getDouble(6), rs.getDouble(8), rs.getDouble(9))).containsExactly(2.0, 0.6, 0.5);
            assertThat(rs.getString(7)).isEqualTo("MSP");
            assertThat(rs.getBoolean(10)).isFalse();
            assertThat(rs.getObject(10)).isNotNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("/mixed/old-model.jpg");
            assertThat(rs.getDouble(2)).isEqualTo(0.3);
            for (int i = 3; i <= 10; i++) {
                assertThat(rs.getObject(i)).as("column %d of a prediction without calibration", i).isNull();
            }
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(10)).isTrue();
        }
    }
}
