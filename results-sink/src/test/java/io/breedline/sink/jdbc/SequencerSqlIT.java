package io.breedline.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Sequencer;
import io.breedline.sink.TestResults;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prediction upsert's SQL ({@link SequencerSql}) and {@link Sequencer}'s Java rule give the same answer on every
 * pair of a table of sequencers, on a real SQLite and a real PostgreSQL: whether the incoming prediction replaces the
 * row, and which sequencer the row holds afterwards.
 */
class SequencerSqlIT {
    // None, zero, short and long forms of close numbers (string order differs from numeric order before
    // normalizing), lower case, the widest accepted, and a value too wide to be a sequencer (taken as none).
    private static final List<String> SEQUENCERS = Arrays.asList(null, "0", "1", "0A", "a", "FF", "0100", "A0",
            "0055AED6DCD90281E5", "1" + "0".repeat(20), "F".repeat(Sequencer.WIDTH), "1" + "0".repeat(Sequencer.WIDTH));
    private static final TopicPartition TP = new TopicPartition("predictions", 0);

    @TempDir
    Path dir;

    @Test
    void sqliteAgreesWithTheJavaRule() throws Exception {
        assertAgreement(JdbcTarget.sqlite(dir.resolve("rule.db")));
    }

    @Test
    void postgresqlAgreesWithTheJavaRule() throws Exception {
        SqlServer postgres = TestServers.postgres();
        assertAgreement(new JdbcTarget(postgres.createDatabase(), postgres.user(), postgres.password()));
    }

    private void assertAgreement(JdbcTarget target) throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        long offset = 0;
        int n = 0;
        try (JdbcResultWriter writer = new JdbcResultWriter(target, Clock.systemUTC())) {
            writer.open();
            for (String stored : SEQUENCERS) {
                for (String incoming : SEQUENCERS) {
                    String uri = "s3://b/case-" + n++ + ".jpg";
                    // One write each: within one batch the writer would collapse the two itself (Replay).
                    write(writer, prediction(uri, "stored", stored), offset++);
                    write(writer, prediction(uri, "incoming", incoming), offset++);
                    Sequencer in = Sequencer.parse(incoming);
                    Sequencer st = Sequencer.parse(stored);
                    boolean replaces = in.replaces(st);
                    String held = replaces ? in.heldAfter(st).text() : st.text();
                    expected.add(describe(stored, incoming, replaces ? "incoming" : "stored", held));
                    actual.add(describe(stored, incoming, row(target, uri)));
                }
            }
        }
        assertThat(actual).hasSize(SEQUENCERS.size() * SEQUENCERS.size()).containsExactlyElementsOf(expected);
        // The table is not trivial: both answers occur.
        assertThat(expected).anyMatch(s -> s.contains("-> stored")).anyMatch(s -> s.contains("-> incoming"));
    }

    private static void write(JdbcResultWriter writer, Prediction p, long offset) throws Exception {
        writer.write(List.of(new PartitionBatch(TP, List.of(ResultRecord.of(offset, p)), offset + 1)), Instant.now());
    }

    private static Prediction prediction(String uri, String jobId, String sequencer) {
        Prediction base = TestResults.prediction(uri, jobId, "v1", new BreedScore(jobId, 1, 0.9));
        return new Prediction(base.schemaVersion(), base.imageId(), base.uri(), base.etag(), base.versionId(),
                base.jobId(), base.topK(), base.modelName(), base.modelVersion(), base.timings(), base.workerId(),
                base.predictedAt(), sequencer);
    }

    private static String row(JdbcTarget target, String uri) throws Exception {
        try (Connection c = target.connect();
                PreparedStatement ps = c.prepareStatement("SELECT job_id, sequencer FROM predictions WHERE uri = ?")) {
            ps.setString(1, uri);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(uri).isTrue();
                return rs.getString(1) + ", held " + rs.getString(2);
            }
        }
    }

    private static String describe(String stored, String incoming, String winner, String held) {
        return describe(stored, incoming, winner + ", held " + held);
    }

    private static String describe(String stored, String incoming, String outcome) {
        return "row " + stored + ", then " + incoming + " -> " + outcome;
    }
}
