package io.breedline.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.ingest.IngestSummary;
import io.breedline.testkit.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 5: SIGTERM to a worker and to the sink in the middle of a run. Each publishes or hands back what it has in
 * flight, commits what is durable and exits within 30 s (status 143: the JVM's answer to SIGTERM once the shutdown
 * hook has run; 0 if main returned first). New instances then finish the job with nothing lost or doubled.
 */
class GracefulStopIT {
    static final int IMAGES = 1500;
    static final int BROKEN = 4;
    static final Duration STOP_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void sigtermedServicesStopInTimeAndTheirSuccessorsFinishTheJob() throws Exception {
        try (FaultRig rig = new FaultRig(tmp, "graceful-stop", TestServers.kafka(), TestServers.postgres(), 4)) {
            rig.writeImages(IMAGES, BROKEN);
            ServiceProcess worker = rig.startWorkerProcess("g1", Map.of());
            ServiceProcess sink = rig.startSinkProcess(Map.of());
            IngestSummary job = rig.ingest();
            rig.awaitStored(job.jobId(), 200, Duration.ofMinutes(2));

            long t0 = System.nanoTime();
            worker.sigterm();
            OptionalInt workerExit = worker.waitFor(STOP_BOUND);
            long workerStopMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(workerExit).as("%s exited within %s", worker, STOP_BOUND).isPresent();
            assertThat(workerExit.getAsInt()).isIn(0, 143);
            assertThat(worker.logText()).contains("Stopping: no new records").contains("Worker g1 stopped")
                    .doesNotContain("stopped on a fatal error");

            t0 = System.nanoTime();
            sink.sigterm();
            OptionalInt sinkExit = sink.waitFor(STOP_BOUND);
            long sinkStopMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(sinkExit).as("%s exited within %s", sink, STOP_BOUND).isPresent();
            assertThat(sinkExit.getAsInt()).isIn(0, 143);
            assertThat(sink.logText()).contains("results sink stopped");
            long storedAtStop = rig.stored(job.jobId());
            assertThat(storedAtStop).as("the job was interrupted, not finished").isLessThan(rig.submitted());

            ServiceProcess worker2 = rig.startWorkerProcess("g2", Map.of());
            ServiceProcess sink2 = rig.startSinkProcess(Map.of());
            rig.awaitStored(job.jobId(), rig.submitted(), Duration.ofMinutes(2));
            worker2.sigterm();
            sink2.sigterm();
            assertThat(worker2.waitFor(STOP_BOUND)).isPresent();
            assertThat(sink2.waitFor(STOP_BOUND)).isPresent();
            rig.verify("GracefulStopIT", job.jobId(), 2);
            System.out.println("RELIABILITY GracefulStopIT: workerStopMs=" + workerStopMs + " workerExit="
                    + workerExit.getAsInt() + " sinkStopMs=" + sinkStopMs + " sinkExit=" + sinkExit.getAsInt()
                    + " storedAtStop=" + storedAtStop);
        }
    }
}
