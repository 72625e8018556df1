package io.breedline.e2e.faults;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long versions of the fault tests, for a soak run; not run by CI (the name matches neither surefire's nor
 * failsafe's patterns). Run with:
 *
 * <pre>
 * mvn -o -pl cli verify -Dit.test='io.breedline.e2e.faults.FaultSoak' -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbreedline.soak.images=20000 -Dbreedline.soak.kills=20 -Dbreedline.soak.outage=75s
 * </pre>
 */
class FaultSoak {
    @TempDir
    Path tmp;

    @Test
    void manyWorkerKills() throws Exception {
        WorkerKillIT.run(tmp, "FaultSoak.workerKills", Integer.getInteger("breedline.soak.images", 20000),
                Integer.getInteger("breedline.soak.kills", 20));
    }

    /** An outage longer than the producer's max.block.ms and the consumer's default.api.timeout.ms (60 s). */
    @Test
    void longBrokerOutage() throws Exception {
        String outage = System.getProperty("breedline.soak.outage", "75s");
        BrokerRestartIT.run(tmp, "FaultSoak.brokerOutage", Integer.getInteger("breedline.soak.images", 20000) / 4,
                Duration.ofSeconds(Long.parseLong(outage.replace("s", ""))));
    }
}
