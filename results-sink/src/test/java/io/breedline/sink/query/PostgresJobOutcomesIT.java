package io.breedline.sink.query;

import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestServers;
import org.junit.jupiter.api.Test;

class PostgresJobOutcomesIT {
    @Test
    void jobQueriesReadTimestampsAndCountsOnPostgres() throws Exception {
        SqlServer postgres = TestServers.postgres();
        JobOutcomesScenario.writeAndQuery(new JdbcTarget(postgres.createDatabase(), postgres.user(), postgres.password()));
    }

    @Test
    void alreadyLabeledImagesCountAsDoneOnPostgres() throws Exception {
        SqlServer postgres = TestServers.postgres();
        JobOutcomesScenario.alreadyLabeledCountsAsDone(
                new JdbcTarget(postgres.createDatabase(), postgres.user(), postgres.password()));
    }

    @Test
    void calibratedPredictionsShowTheirCalibratedTopKAndCountNotADogs() throws Exception {
        SqlServer postgres = TestServers.postgres();
        JobOutcomesScenario.calibratedPredictionsAndNotADog(
                new JdbcTarget(postgres.createDatabase(), postgres.user(), postgres.password()));
    }
}
