package io.breedline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Sequencer;
import io.breedline.sink.jdbc.JdbcResultWriter;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestServers;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PostgresSinkIT {
    @Test
    void storesEveryOutcomeOnceAndAReplayChangesNothing() throws Exception {
        SqlServer postgres = TestServers.postgres();
        JdbcTarget target = new JdbcTarget(postgres.createDatabase(), postgres.user(), postgres.password());
        JdbcScenario.publishStoreAndReplay(TestServers.kafka(), target);
    }

    @Test
    void theHighestSequencerWinsAsANumberWhateverTheDatabaseCollation() throws Exception {
        SqlServer postgres = TestServers.postgres();
        JdbcTarget target = new JdbcTarget(postgres.createDatabase(), postgres.user(), postgres.password());
        TopicPartition tp = new TopicPartition("predictions", 0);
        try (JdbcResultWriter writer = new JdbcResultWriter(target, Clock.systemUTC())) {
            writer.open();
            long offset = 0;
            for (String[] p : new String[][] {{"0A0", "newest"}, {"F", "stale"}, {"0B", "older"}}) {
                Prediction base = TestResults.prediction("s3://b/k.jpg", p[1], "v1", new BreedScore(p[1], 1, 0.9));
                Prediction withSeq = new Prediction(base.schemaVersion(), base.imageId(), base.uri(), base.etag(),
                        base.versionId(), base.jobId(), base.topK(), base.modelName(), base.modelVersion(),
                        base.timings(), base.workerId(), base.predictedAt(), p[0]);
                writer.write(List.of(new PartitionBatch(tp, List.of(ResultRecord.of(offset, withSeq)), offset + 1)),
                        java.time.Instant.now());
                offset++;
            }
        }
        assertThat(JdbcScenario.query(target, "SELECT job_id, sequencer FROM predictions WHERE uri = ?", "s3://b/k.jpg"))
                .containsExactly(List.of("newest", Sequencer.normalize("A0")));
        assertThat(JdbcScenario.query(target, "SELECT breed FROM prediction_breeds WHERE model_version = ?", "v1"))
                .containsExactly(List.of("newest"));
    }
}
