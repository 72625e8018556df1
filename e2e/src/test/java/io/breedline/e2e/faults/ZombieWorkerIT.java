package io.breedline.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.ingest.IngestSummary;
import io.breedline.sink.ResultsSink;
import io.breedline.testkit.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 6: a worker frozen (SIGSTOP) with a batch in flight, past its session timeout, so the group gives its
 * partitions to the other worker, which finishes the job. Thawed (SIGCONT), the zombie must not publish or commit
 * anything for the partitions it lost: its transaction fails (stale group generation) or its partitions are reported
 * lost first. The predictions topic, read_committed, must hold exactly one prediction per image.
 */
class ZombieWorkerIT {
    static final int IMAGES = 1200;
    static final int BROKEN = 2;

    @TempDir
    Path tmp;

    @Test
    void aThawedZombieWorkerPublishesNothingForPartitionsItLost() throws Exception {
        try (FaultRig rig = new FaultRig(tmp, "zombie", TestServers.kafka(), TestServers.postgres(), 4)) {
            rig.writeImages(IMAGES, BROKEN);
            // Large, slow-closing batches: the freeze almost surely lands while the zombie holds one.
            Map<String, String> slowBatches = Map.of("BREEDLINE_MAX_BATCH_SIZE", "64", "BREEDLINE_MAX_BATCH_DELAY", "1s");
            try (ResultsSink sink = rig.inProcessSink(rig.sinkEnv())) {
                sink.start();
                ServiceProcess zombie = rig.startWorkerProcess("zombie", slowBatches);
                ServiceProcess survivor = rig.startWorkerProcess("survivor", slowBatches);
                IngestSummary job = rig.ingest();
                await().atMost(Duration.ofMinutes(2)).until(() -> zombie.logText().contains("Partitions assigned")
                        && survivor.logText().contains("Partitions assigned") && rig.stored(job.jobId()) > 100);

                zombie.sigstop();
                long frozeAt = rig.stored(job.jobId());
                rig.awaitStored(job.jobId(), rig.submitted(), Duration.ofMinutes(3));
                zombie.sigcont();
                // The zombie learns it was evicted: either on its next poll (partitions lost) or when its
                // transaction's offset commit is refused (stale generation).
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    String log = zombie.logText();
                    return log.contains("Partitions lost") || log.contains("was not published");
                });
                await().pollDelay(Duration.ofSeconds(3)).until(() -> true); // room for a late zombie commit to show
                String log = zombie.logText();
                rig.verify("ZombieWorkerIT", job.jobId(), 1);
                System.out.println("RELIABILITY ZombieWorkerIT: storedAtFreeze=" + frozeAt
                        + " zombieLost=" + log.contains("Partitions lost")
                        + " zombieTxnRefused=" + log.contains("was not published"));
                assertThat(zombie.isAlive()).as("the zombie recovers and rejoins, it does not crash").isTrue();
            }
        }
    }
}
