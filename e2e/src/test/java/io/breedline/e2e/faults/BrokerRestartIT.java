package io.breedline.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.embedded.EmbeddedKafka;
import io.breedline.ingest.IngestSummary;
import io.breedline.sink.ResultsSink;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 3: the Kafka broker stopped for ten seconds and restarted (same port, same data) while a worker and the sink
 * run. A broker of the test's own, not the shared one. The services reconnect by themselves; nothing is lost or
 * doubled.
 */
class BrokerRestartIT {
    static final int IMAGES = 1500;
    static final int BROKEN = 2;

    @TempDir
    Path tmp;

    @Test
    void servicesRecoverFromABrokerRestart() throws Exception {
        run(tmp, "BrokerRestartIT", IMAGES, Duration.ofSeconds(10));
    }

    /** Also the soak's body, with a longer outage. */
    static void run(Path tmp, String test, int images, Duration outage) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(tmp.resolve("kafka"))) {
            KafkaServer kafka = broker::bootstrapServers;
            try (FaultRig rig = new FaultRig(tmp, "broker-restart", kafka, TestServers.postgres(), 4);
                    ResultsSink sink = rig.inProcessSink(rig.sinkEnv());
                    Worker worker = rig.inProcessWorker("br1")) {
                rig.writeImages(images, BROKEN);
                sink.start();
                worker.start();
                IngestSummary job = rig.ingest();
                rig.awaitStored(job.jobId(), 300, Duration.ofMinutes(2));

                broker.stop();
                long atStop = rig.stored(job.jobId());
                await().pollDelay(outage).atMost(outage.plusSeconds(5)).until(() -> true); // the outage
                broker.restart();

                rig.awaitStored(job.jobId(), rig.submitted(), Duration.ofMinutes(3));
                assertThat(worker.failure()).isEmpty();
                assertThat(sink.failure()).isEmpty();
                rig.verify(test, job.jobId(), 1);
                System.out.println("RELIABILITY " + test + ": storedAtStop=" + atStop + " outage=" + outage.toSeconds() + "s");
            }
        }
    }
}
