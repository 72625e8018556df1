package io.breedline.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.ingest.IngestSummary;
import io.breedline.sink.ResultsSink;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 4: the database unreachable for ten seconds mid-run (every connection dropped, new ones refused, through a
 * TCP proxy). The sink pauses consumption, backs off, and resumes on its own; nothing is lost or doubled.
 */
class DatabaseOutageIT {
    static final int IMAGES = 1500;
    static final int BROKEN = 2;

    @TempDir
    Path tmp;

    @Test
    void sinkRidesOutADatabaseOutage() throws Exception {
        try (FaultRig rig = new FaultRig(tmp, "db-outage", TestServers.kafka(), TestServers.postgres(), 4)) {
            rig.writeImages(IMAGES, BROKEN);
            URI db = URI.create(rig.jdbcUrl.substring("jdbc:".length()));
            try (TcpProxy proxy = new TcpProxy(db.getHost(), db.getPort());
                    ResultsSink sink = rig.inProcessSink(rig.sinkEnv(
                            "jdbc:postgresql://127.0.0.1:" + proxy.port() + db.getPath() + "?socketTimeout=10&connectTimeout=5"));
                    Worker worker = rig.inProcessWorker("db1")) {
                sink.start();
                worker.start();
                IngestSummary job = rig.ingest();
                rig.awaitStored(job.jobId(), 300, Duration.ofMinutes(2));

                proxy.cut();
                await().atMost(Duration.ofSeconds(30)).until(sink::backingOff);
                long atCut = rig.stored(job.jobId());
                await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).until(() -> true); // the outage
                assertThat(sink.isRunning()).as("the sink waits out the outage").isTrue();
                long duringOutage = rig.stored(job.jobId());
                proxy.restore();

                rig.awaitStored(job.jobId(), rig.submitted(), Duration.ofMinutes(2));
                assertThat(sink.failure()).isEmpty();
                assertThat(duringOutage).as("nothing reaches the database while it is cut off").isEqualTo(atCut);
                rig.verify("DatabaseOutageIT", job.jobId(), 0);
                System.out.println("RELIABILITY DatabaseOutageIT: storedAtCut=" + atCut + " outage=10s");
            }
        }
    }
}
