package io.breedline.sink;

import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestServers;
import org.junit.jupiter.api.Test;

class PostgresSinkIT {
    @Test
    void storesEveryOutcomeOnceAndAReplayChangesNothing() throws Exception {
        SqlServer postgres = TestServers.postgres();
        JdbcTarget target = new JdbcTarget(postgres.createDatabase(), postgres.user(), postgres.password());
        JdbcScenario.publishStoreAndReplay(TestServers.kafka(), target);
    }
}
