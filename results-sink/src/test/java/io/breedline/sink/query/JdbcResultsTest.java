package io.breedline.sink.query;

import static io.breedline.sink.TestResults.deadLetter;
import static io.breedline.sink.TestResults.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.BreedScore;
import io.breedline.contracts.ImageIds;
import io.breedline.sink.jdbc.JdbcResultWriter;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcResultsTest {
    private static final TopicPartition PREDICTIONS = new TopicPartition("p", 0);
    private static final TopicPartition DEAD_LETTERS = new TopicPartition("d", 0);

    @TempDir
    Path dir;

    @Test
    void anEmptyDatabaseHasNoResults() throws Exception {
        try (JdbcResults results = new JdbcResults(JdbcTarget.sqlite(dir.resolve("fresh.db")))) {
            assertThat(results.countForJob("job-1")).isZero();
            assertThat(results.resultsForJob("job-1")).isEmpty();
        }
    }

    @Test
    void countsImagesWithAnOutcomeAndListsTopTwoBreedsOrTheFailure() throws Exception {
        JdbcTarget target = JdbcTarget.sqlite(dir.resolve("results.db"));
        try (JdbcResultWriter writer = new JdbcResultWriter(target, Clock.systemUTC());
                JdbcResults results = new JdbcResults(target)) {
            writer.open();
            writer.write(List.of(
                    new PartitionBatch(PREDICTIONS, List.of(
                            ResultRecord.of(0, prediction("/dogs/b.jpg", "job-1")),
                            ResultRecord.of(1, prediction("/dogs/a.jpg", "job-1", "v1", new BreedScore("pug", 3, 1.0))),
                            ResultRecord.of(2, prediction("/dogs/other-job.jpg", "job-2")),
                            // the same image under a second model version is still one image
                            ResultRecord.of(3, prediction("/dogs/a.jpg", "job-1", "v2", new BreedScore("pug", 3, 0.9)))), 4),
                    new PartitionBatch(DEAD_LETTERS, List.of(
                            ResultRecord.of(0, deadLetter("/dogs/c.txt", "job-1")),
                            // failed once, then labeled: counted once, shown as labeled
                            ResultRecord.of(1, deadLetter("/dogs/b.jpg", "job-1"))), 2)),
                    Instant.now());

            assertThat(results.countForJob("job-1")).isEqualTo(3);
            assertThat(results.countForJob("job-2")).isEqualTo(1);
            assertThat(results.countForJob("job-3")).isZero();

            assertThat(results.resultsForJob("job-1")).containsExactly(
                    new ResultRow(ImageIds.forUri("/dogs/a.jpg"), "/dogs/a.jpg", "v1", "pug", 1.0, null, null, null, null),
                    new ResultRow(ImageIds.forUri("/dogs/a.jpg"), "/dogs/a.jpg", "v2", "pug", 0.9, null, null, null, null),
                    new ResultRow(ImageIds.forUri("/dogs/b.jpg"), "/dogs/b.jpg", "v1", "beagle", 0.7, "basset", 0.2, null, null),
                    new ResultRow(ImageIds.forUri("/dogs/c.txt"), "/dogs/c.txt", null, null, null, null, null,
                            "DECODE", "not an image: text/plain"));
            assertThat(results.resultsForJob("job-1").get(3).failed()).isTrue();
            assertThat(results.resultsForJob("job-1", 1)).hasSize(2);
        }
    }

    @Test
    void outcomesPerJobCountDoneAndDeadLetteredApartWithFirstAndLastResultTimes() throws Exception {
        JobOutcomesScenario.writeAndQuery(JdbcTarget.sqlite(dir.resolve("jobs.db")));
    }

    @Test
    void imagesSkippedAsAlreadyLabeledAreDoneForTheirJobAndShowTheEarlierLabels() throws Exception {
        JobOutcomesScenario.alreadyLabeledCountsAsDone(JdbcTarget.sqlite(dir.resolve("skips.db")));
    }

    @Test
    void calibratedPredictionsShowTheirCalibratedTopKAndCountNotADogs() throws Exception {
        JobOutcomesScenario.calibratedPredictionsAndNotADog(JdbcTarget.sqlite(dir.resolve("calibrated.db")));
    }
}
