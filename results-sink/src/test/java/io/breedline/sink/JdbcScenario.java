package io.breedline.sink;

import static io.breedline.sink.TestResults.deadLetter;
import static io.breedline.sink.TestResults.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.contracts.ImageIds;
import io.breedline.contracts.Prediction;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.sink.query.ResultRow;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end check both database ITs run: results published in transactions land as rows, queryable in plain SQL,
 * and a full replay of the topics leaves exactly the same rows.
 */
final class JdbcScenario {
    static final int PREDICTIONS = 30;
    static final int DEAD_LETTERS = 4;

    private JdbcScenario() {}

    static void publishStoreAndReplay(KafkaServer kafka, JdbcTarget target) throws Exception {
        String job = Names.unique("job");
        String group = Names.unique("sink");
        try (ResultsLog log = new ResultsLog(kafka, 3)) {
            List<Object> first = new ArrayList<>();
            for (int i = 0; i < PREDICTIONS; i++) {
                first.add(prediction("s3://photos/" + job + "/" + i + ".jpg", job));
                if (i == PREDICTIONS / 2) {
                    first.add("this is not a prediction".getBytes(StandardCharsets.UTF_8));
                }
            }
            log.publish(first.subList(0, 20));
            log.publishAborted(List.of(prediction("s3://photos/" + job + "/aborted.jpg", job)));
            log.publish(first.subList(20, first.size()));
            List<Object> dead = new ArrayList<>();
            for (int i = 0; i < DEAD_LETTERS; i++) {
                dead.add(deadLetter("s3://photos/" + job + "/broken-" + i + ".txt", job));
            }
            log.publish(dead);

            SinkConfig config = SinkConfig.of(kafka.settings(), log.topics, group, target);
            try (ResultsSink sink = new ResultsSink(config); JdbcResults results = new JdbcResults(target)) {
                sink.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> results.countForJob(job) == PREDICTIONS + DEAD_LETTERS);
                log.awaitAllCommitted(group);

                List<ResultRow> rows = results.resultsForJob(job);
                assertThat(rows).hasSize(PREDICTIONS + DEAD_LETTERS);
                assertThat(rows).filteredOn(ResultRow::failed).hasSize(DEAD_LETTERS)
                        .allSatisfy(r -> assertThat(r.failureReason()).isEqualTo("not an image: text/plain"));
                assertThat(rows).filteredOn(r -> !r.failed()).allSatisfy(r -> {
                    assertThat(r.topBreed()).isEqualTo("beagle");
                    assertThat(r.secondBreed()).isEqualTo("basset");
                    assertThat(r.secondProbability()).isEqualTo(0.2);
                });
            }
            assertThat(count(target, "predictions", job)).isEqualTo(PREDICTIONS);
            assertThat(count(target, "dead_letters", job)).isEqualTo(DEAD_LETTERS);
            Prediction one = (Prediction) first.get(7);
            assertThat(breedsOf(target, one.imageId())).containsExactly(
                    List.of("beagle", "0.7"), List.of("basset", "0.2"), List.of("pug", "0.1"));
            List<List<String>> before = snapshot(target, job);

            // Lose some rows, then replay everything with the same group from the start.
            String lostPrediction = ImageIds.forUri("s3://photos/" + job + "/3.jpg");
            execute(target, "DELETE FROM predictions WHERE image_id = ?", lostPrediction);
            execute(target, "DELETE FROM prediction_breeds WHERE image_id = ?", lostPrediction);
            execute(target, "DELETE FROM dead_letters WHERE image_id = ?",
                    ImageIds.forUri("s3://photos/" + job + "/broken-0.txt"));
            log.resetToEarliest(group);
            try (ResultsSink replay = new ResultsSink(config)) {
                replay.start();
                log.awaitAllCommitted(group);
            }
            assertThat(snapshot(target, job)).isEqualTo(before);
        }
    }

    static long count(JdbcTarget target, String table, String job) throws Exception {
        return Long.parseLong(query(target, "SELECT COUNT(*) FROM " + table + " WHERE job_id = ?", job).get(0).get(0));
    }

    /** Plain SQL, as an analyst would write it. */
    static List<List<String>> breedsOf(JdbcTarget target, String imageId) throws Exception {
        return query(target, "SELECT breed, probability FROM prediction_breeds WHERE image_id = ? ORDER BY rank", imageId);
    }

    /** Every row of the job except the write time, which a replay refreshes. */
    static List<List<String>> snapshot(JdbcTarget target, String job) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        rows.addAll(query(target, "SELECT image_id, model_version, model_name, uri, etag, version_id, job_id, top_breed, "
                + "top_probability, top_k_json, worker_id, fetch_ms, decode_ms, queue_wait_ms, inference_ms, batch_size, "
                + "predicted_at FROM predictions WHERE job_id = ? ORDER BY image_id", job));
        rows.addAll(query(target, "SELECT b.* FROM prediction_breeds b JOIN predictions p ON p.image_id = b.image_id "
                + "AND p.model_version = b.model_version WHERE p.job_id = ? ORDER BY b.image_id, b.rank", job));
        rows.addAll(query(target, "SELECT image_id, job_id, uri, stage, reason, exception_type, retriable, worker_id, "
                + "failed_at, raw_base64 FROM dead_letters WHERE job_id = ? ORDER BY image_id", job));
        return rows;
    }

    static void execute(JdbcTarget target, String sql, String param) throws Exception {
        try (Connection c = target.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            ps.executeUpdate();
        }
    }

    static List<List<String>> query(JdbcTarget target, String sql, String param) throws Exception {
        try (Connection c = target.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.add(String.valueOf(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

}
