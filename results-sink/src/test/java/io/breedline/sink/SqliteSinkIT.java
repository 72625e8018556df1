package io.breedline.sink;

import static io.breedline.sink.TestResults.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.sink.consume.RetryBackoff;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSinkIT {
    @TempDir
    Path dir;

    @Test
    void storesEveryOutcomeOnceAndAReplayChangesNothing() throws Exception {
        JdbcScenario.publishStoreAndReplay(TestServers.kafka(), JdbcTarget.sqlite(dir.resolve("results.db")));
    }

    @Test
    void aLockedDatabasePausesTheSinkAndNothingIsLost() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        JdbcTarget target = JdbcTarget.sqlite(dir.resolve("locked.db"));
        String job = Names.unique("job");
        String group = Names.unique("sink");
        try (ResultsLog log = new ResultsLog(kafka, 1);
                JdbcResults results = new JdbcResults(target);
                Connection locker = target.connect();
                Statement lock = locker.createStatement()) {
            SinkConfig config = SinkConfig.of(kafka.settings(), log.topics, group, target)
                    .withRetryBackoff(new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
            try (ResultsSink sink = new ResultsSink(config)) {
                sink.start();
                log.publish(List.of(prediction("/dogs/" + job + "/first.jpg", job)));
                await().atMost(Duration.ofSeconds(30)).until(() -> results.countForJob(job) == 1);

                // Another writer holds the database: the sink's writes fail after SQLite's busy timeout.
                lock.execute("BEGIN EXCLUSIVE");
                List<Object> more = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    more.add(prediction("/dogs/" + job + "/" + i + ".jpg", job));
                }
                log.publish(more);
                await().atMost(Duration.ofSeconds(30)).until(sink::backingOff);
                assertThat(log.allCommitted(group)).isFalse();
                assertThat(log.committed(group).values()).allMatch(offset -> offset <= 2);
                lock.execute("ROLLBACK");

                await().atMost(Duration.ofSeconds(30)).until(() -> results.countForJob(job) == 11);
                log.awaitAllCommitted(group);
                assertThat(sink.isRunning()).isTrue();
            }
        }
    }
}
