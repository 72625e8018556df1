package io.breedline.bench;

import io.breedline.bench.fleet.ProcStat;
import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.Topics;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.IngestSummary;
import io.breedline.ingest.Ingestor;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.query.JdbcResults;
import io.breedline.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * (b) The pipeline as deployed, in three processes: the worker on its own ({@code breedline worker}, as on a worker
 * node); a Kafka broker, an S3 server holding the images and the results sink writing SQLite in a second process
 * ({@link InfraProcess}, at the niceness asked for); ingest of the S3 prefix in this one. The clock runs from the
 * ingestor's start (the worker owns its partitions and is warm by then) until the sink holds a row for every image.
 */
final class PipelineRun {
    static final String BUCKET = "breedline-bench";
    static final int PARTITIONS = 4;
    private static final Duration STALL = Duration.ofMinutes(10);
    private static final String WARM_UP_PREFIX = "warm-up/";
    private static final Duration WORKER_STOP = Duration.ofSeconds(60);
    // How often the sink's database is asked whether every image is in: often enough to end the clock within a
    // fraction of a percent of a run, rarely enough that asking costs the worker no noticeable CPU.
    private static final Duration POLL = Duration.ofMillis(50);

    /**
     * What the run measured.
     *
     * @param workerCpuSeconds CPU of the worker process's threads during the timed pass, by thread group
     * @param infraCpuSeconds CPU of the broker, S3 server and sink process during the timed pass
     * @param infraCpuByThread the same by thread group (threads that ended in between are missing)
     * @param otherCpuSeconds CPU of everything else on the machine then (this process's ingest and polling included)
     */
    record Outcome(long images, long wallNanos, long workerSpanNanos, long workerPeakRssMiB, StageTimes stages,
            String workerStats, Map<String, Double> workerCpuSeconds, double infraCpuSeconds,
            Map<String, Double> infraCpuByThread, double otherCpuSeconds, int infraNiceness) {
        double perSecond() {
            return images * 1e9 / wallNanos;
        }
    }

    private PipelineRun() {}

    /**
     * @param warmUpFiles the photos of the untimed pass before the timed one
     * @param warmUp how many references that pass has (the photos cycled under distinct keys)
     */
    static Outcome run(BenchImages.ImageSet set, Map<String, String> workerEnv, Path work, int infraNiceness,
            List<Path> warmUpFiles, int warmUp) throws Exception {
        // A folder of its own per run (a broker's data, the S3 objects, the database), deleted at the end.
        Path dir = Files.createTempDirectory(work, "pipeline-" + set.name() + "-");
        try {
            return run(set, workerEnv, dir, infraNiceness, warmUpFiles, warmUp, dir.resolve("results.db"));
        } finally {
            Benchmark.deleteTree(dir);
        }
    }

    private static Outcome run(BenchImages.ImageSet set, Map<String, String> workerEnv, Path dir, int infraNiceness,
            List<Path> warmUpFiles, int warmUp, Path db) throws Exception {
        try (InfraProcess infra = InfraProcess.start(dir.resolve("infra"), db, PARTITIONS, infraNiceness)) {
            upload(infra.s3(), set, warmUpFiles, warmUp);
            Settings settings = Settings.fromEnvironment().with(workerEnv)
                    .with(Map.of("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers()));
            String group = settings.string(WorkerConfig.GROUP_ID, WorkerConfig.GROUP_ID_DEFAULT);
            IngestConfig ingest = IngestConfig.from(settings).withS3(infra.s3());
            try (WorkerChild worker = WorkerChild.start("bench-" + set.name(), infra.bootstrapServers(),
                    infra.s3().endpoint().orElseThrow(), workerEnv, dir.resolve("worker.log"));
                    JdbcResults results = new JdbcResults(JdbcTarget.sqlite(db))) {
                awaitAssignment(infra, group, worker);
                if (warmUp > 0) {
                    awaitAll(results, new Ingestor(ingest).run("s3://" + BUCKET + "/" + WARM_UP_PREFIX), worker, infra);
                }

                ProcessMemory.resetPeak(worker.pid());
                ThreadCpu workerBefore = ThreadCpu.snapshot(worker.pid());
                long infraBefore = ProcStat.cpuMillis(infra.pid()).orElse(0);
                ThreadCpu infraThreadsBefore = ThreadCpu.snapshot(infra.pid());
                long[] machineBefore = ProcStat.machineTicks();
                long startEpochMs = System.currentTimeMillis();
                long start = System.nanoTime();
                IngestSummary summary = new Ingestor(ingest).run("s3://" + BUCKET + "/" + set.name() + "/");
                awaitAll(results, summary, worker, infra);
                long wall = System.nanoTime() - start;
                Map<String, Double> workerCpu = ThreadCpu.snapshot(worker.pid()).secondsSince(workerBefore);
                double infraCpu = (ProcStat.cpuMillis(infra.pid()).orElse(0) - infraBefore) / 1000.0;
                Map<String, Double> infraThreads = ThreadCpu.snapshot(infra.pid()).secondsSince(infraThreadsBefore);
                long[] machineAfter = ProcStat.machineTicks();
                double machineCpu = (machineAfter[0] - machineBefore[0]) / (double) ProcStat.TICKS_PER_SECOND;
                long peak = ProcessMemory.peakMiB(worker.pid());

                StageTimes stages = StageTimes.read(db, summary.jobId());
                long span = TimeUnit.MILLISECONDS.toNanos((long) stages.lastPredictedEpochMs() - startEpochMs);
                String stats = worker.stop(WORKER_STOP).orElse("(the worker wrote no summary line)");
                double workerTotal = workerCpu.values().stream().mapToDouble(Double::doubleValue).sum();
                return new Outcome(summary.published(), wall, span, peak, stages, stats, workerCpu, infraCpu, infraThreads,
                        Math.max(0, machineCpu - workerTotal - infraCpu), infraNiceness);
            }
        }
    }

    private static void upload(S3Settings s3, BenchImages.ImageSet set, List<Path> warmUpFiles, int warmUp) {
        try (S3Client client = S3Clients.create(s3)) {
            client.createBucket(b -> b.bucket(BUCKET));
            for (Path file : set.files()) {
                client.putObject(PutObjectRequest.builder().bucket(BUCKET)
                        .key(set.name() + "/" + file.getFileName()).build(), RequestBody.fromFile(file));
            }
            // A deployed worker runs for hours: its JIT-compiled code, connections and TensorFlow's kernels are warm.
            // The same photos again under another prefix go through the pipeline untimed first, to reach that state.
            for (int i = 0; i < warmUp; i++) {
                Path file = warmUpFiles.get(i % warmUpFiles.size());
                client.putObject(PutObjectRequest.builder().bucket(BUCKET)
                        .key(WARM_UP_PREFIX + set.name() + "/" + i + "-" + file.getFileName()).build(),
                        RequestBody.fromFile(file));
            }
        }
    }

    /** The pipeline's topics, each with {@code partitions}; the labeled topic compacted as in deployments. */
    static void createTopics(String bootstrap, Topics topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic(topics.images(), partitions, (short) 1),
                    new NewTopic(topics.predictions(), partitions, (short) 1),
                    new NewTopic(topics.deadLetters(), partitions, (short) 1),
                    new NewTopic(topics.alreadyLabeled(), partitions, (short) 1),
                    new NewTopic(topics.labeled(), partitions, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get();
        }
    }

    static void createTopics(String bootstrap, Topics topics) throws Exception {
        createTopics(bootstrap, topics, PARTITIONS);
    }

    // The group's first rebalance and the model's loading are not the pipeline's speed: wait until the worker owns
    // every partition.
    private static void awaitAssignment(InfraProcess infra, String group, WorkerChild worker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
            while (true) {
                worker.failIfExited();
                int owned = 0;
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                            .get(30, TimeUnit.SECONDS).get(group);
                    for (MemberDescription m : d.members()) {
                        owned += m.assignment().topicPartitions().size();
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    // the worker has not joined yet
                }
                if (owned >= PARTITIONS) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the worker owned no partitions within 5 minutes; its log: " + worker.log());
                }
                Thread.sleep(100);
            }
        }
    }

    private static void awaitAll(JdbcResults results, IngestSummary summary, WorkerChild worker, InfraProcess infra)
            throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long done = results.countForJob(summary.jobId());
            if (done >= summary.published()) {
                return;
            }
            worker.failIfExited();
            if (!infra.isAlive()) {
                throw new IllegalStateException("the Kafka, S3 and sink process exited; its log: " + infra.log());
            }
            if (done != last) {
                last = done;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL.toNanos()) {
                throw new IllegalStateException("no progress for " + STALL + ": " + done + " of "
                        + summary.published() + " images done; the worker's log: " + worker.log());
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
