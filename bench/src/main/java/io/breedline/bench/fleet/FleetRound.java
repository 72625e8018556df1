package io.breedline.bench.fleet;

import io.breedline.contracts.ImageIds;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One fleet size: fresh topics holding a backlog, N worker processes started together, throughput once all have
 * joined, then one more worker joins and later leaves with SIGTERM while the stream is watched for stalls.
 */
final class FleetRound {
    // Topics.LABELED_ENV of the de-duplicating workers; by name, so this also runs against workers without it.
    private static final String LABELED_ENV = "BREEDLINE_TOPIC_LABELED";
    private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(100);
    // Start-up, steady window, join and leave, with room to spare: the backlog must outlast the round.
    private static final Duration START_ALLOWANCE = Duration.ofSeconds(30);

    private final FleetOptions options;
    private final String bootstrapServers;
    private final Admin admin;
    private final List<Path> images;
    private final Path logDir;
    private final PrintStream progress;

    FleetRound(FleetOptions options, String bootstrapServers, Admin admin, List<Path> images, Path logDir,
            PrintStream progress) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
        this.images = images;
        this.logDir = logDir;
        this.progress = progress;
    }

    FleetResult run(int n) throws Exception {
        String run = "n" + n + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Topics topics = Topics.defaults().withSuffix(".fleet-" + run);
        String group = "breedline-workers-fleet-" + run;
        createTopics(topics);
        awaitLeaders(topics);
        long backlog = backlogFor(n);
        prefill(topics.images(), backlog, run);
        progress.printf("fleet of %d: %d images queued on %d partitions; starting %d worker processes%n",
                n, backlog, options.partitions(), n);
        GroupView view = new GroupView(admin, group);
        List<WorkerProcess> fleet = new ArrayList<>();
        try (PredictionTap tap = new PredictionTap(bootstrapServers, topics.predictions(), options.partitions())) {
            for (int i = 1; i <= n; i++) {
                fleet.add(start(run + "-w" + i, topics, group));
            }
            List<String> ids = fleet.stream().map(WorkerProcess::workerId).toList();
            await("all " + n + " workers publishing", fleet, () -> settled(view, n)
                    && ids.stream().allMatch(id -> StreamStats.lastOf(tap.events(), id) > 0));
            // Three batches more, so every worker is past its first, partly filled batch and its first commit.
            Thread.sleep(options.batchTime().multipliedBy(3).toMillis());

            Map<Long, Long> cpu0 = cpu(fleet);
            long[] machine0 = ProcStat.machineTicks();
            long t0 = System.currentTimeMillis();
            Thread.sleep(options.steady().toMillis());
            long t1 = System.currentTimeMillis();
            double benchCores = ProcStat.cores(cpuDelta(cpu0, cpu(fleet)), Duration.ofMillis(t1 - t0));
            double machineCores = machineCores(machine0, ProcStat.machineTicks());
            Map<String, Integer> partitions = view.snapshot().partitionsByWorker();

            FleetResult.Join join = join(n, run, topics, group, view, tap, fleet, ids, t0, t1);
            FleetResult.Leave leave = leave(n, view, tap, fleet, ids, t0, t1);
            List<StreamStats.Event> events = tap.events();
            double rate = StreamStats.rate(events, t0, t1);
            Map<String, Long> perWorker = StreamStats.perWorker(events, t0, t1);
            long cycle = StreamStats.medianCycle(events, ids, splitMs(), t0, t1);
            boolean ranOut = tap.count() >= backlog;
            // WorkerLoop's line for a batch whose transaction was aborted (and is redone from the committed offsets).
            long aborted = fleet.stream().mapToLong(w -> w.logLinesWith("was not published")).sum();
            progress.printf("fleet of %d: %.1f images/s; CPU %.2f cores (machine %.2f)%n", n, rate, benchCores, machineCores);
            return new FleetResult(n, rate, cycle, partitions, perWorker, benchCores, machineCores, join, leave, aborted,
                    ranOut);
        } finally {
            stopAll(fleet);
            admin.deleteTopics(List.of(topics.images(), topics.predictions(), topics.deadLetters(),
                    labeledTopic(topics))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private FleetResult.Join join(int n, String run, Topics topics, String group, GroupView view, PredictionTap tap,
            List<WorkerProcess> fleet, List<String> old, long t0, long t1) throws Exception {
        WorkerProcess joiner = start(run + "-w" + (n + 1), topics, group);
        fleet.add(joiner);
        long started = System.currentTimeMillis();
        await("worker " + joiner.workerId() + " owning partitions", fleet, () -> settled(view, n + 1));
        long assigned = System.currentTimeMillis();
        await("worker " + joiner.workerId() + " publishing", fleet,
                () -> StreamStats.firstOf(tap.events(), joiner.workerId(), 0) > 0);
        long first = StreamStats.firstOf(tap.events(), joiner.workerId(), 0);
        Thread.sleep(options.settle().toMillis());
        long end = System.currentTimeMillis();
        waitForCommits();
        List<StreamStats.Event> events = tap.events();
        long stall = StreamStats.extraStall(events, old, splitMs(), t0, t1, started, end);
        double after = StreamStats.rate(events, first + options.batchTime().toMillis(), end);
        return new FleetResult.Join(assigned - started, first - started, stall, after);
    }

    private FleetResult.Leave leave(int n, GroupView view, PredictionTap tap, List<WorkerProcess> fleet,
            List<String> stay, long t0, long t1) throws Exception {
        WorkerProcess leaver = fleet.get(fleet.size() - 1);
        long term = System.currentTimeMillis();
        leaver.sigterm();
        List<WorkerProcess> staying = fleet.subList(0, fleet.size() - 1);
        await("the group settling without " + leaver.workerId(), staying, () -> settled(view, n));
        long reassigned = System.currentTimeMillis();
        if (!leaver.awaitExit(Duration.ofMinutes(1))) {
            throw new IllegalStateException(leaver.workerId() + " did not exit within a minute of SIGTERM; see " + leaver.log());
        }
        long exited = awaitStamp(leaver);
        Thread.sleep(options.settle().toMillis());
        long end = System.currentTimeMillis();
        waitForCommits();
        List<StreamStats.Event> events = tap.events();
        long stall = StreamStats.extraStall(events, stay, splitMs(), t0, t1, term, end);
        double after = StreamStats.rate(events, Math.max(reassigned, exited) + options.batchTime().toMillis(), end);
        return new FleetResult.Leave(exited - term, reassigned - term, stall, after);
    }

    private WorkerProcess start(String workerId, Topics topics, String group) throws IOException {
        return WorkerProcess.start(workerId, options.batchTime(),
                workerEnv(workerId, bootstrapServers, topics, group, images, options.batchSize()), logDir);
    }

    /** A stand-in worker's settings (the failover bench starts the same workers). */
    static Map<String, String> workerEnv(String workerId, String bootstrapServers, Topics topics, String group,
            List<Path> images, int batchSize) {
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        // The group view names members by client id: make it the worker id.
        env.put("BREEDLINE_KAFKA_CLIENT_ID", workerId);
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put(LABELED_ENV, labeledTopic(topics));
        env.put("BREEDLINE_GROUP_ID", group);
        env.put("BREEDLINE_WORKER_ID", workerId);
        env.put("BREEDLINE_MODEL", "stand-in");
        env.put("BREEDLINE_FILE_ROOTS", images.get(0).getParent().toString());
        env.put("BREEDLINE_MAX_BATCH_SIZE", Integer.toString(batchSize));
        // One batch in the stand-in at a time, as a GPU runs them: its fixed time per batch is the whole device's.
        env.put("BREEDLINE_MODEL_STREAMS", "1");
        // Tiny local files: a few fetch threads and one decode thread keep up, and nine JVMs stay light.
        env.put("BREEDLINE_FETCH_THREADS", "4");
        env.put("BREEDLINE_DECODE_THREADS", "1");
        env.put("BREEDLINE_SHUTDOWN_TIMEOUT", "20s");
        return env;
    }

    private void createTopics(Topics topics) throws Exception {
        createTopics(admin, topics, options.partitions());
    }

    static void createTopics(Admin admin, Topics topics, int partitions) throws Exception {
        admin.createTopics(List.of(
                new NewTopic(topics.images(), partitions, (short) 1),
                new NewTopic(topics.predictions(), partitions, (short) 1),
                new NewTopic(topics.deadLetters(), 1, (short) 1),
                // The workers' de-duplication marks: compacted, partition for partition with the images topic.
                new NewTopic(labeledTopic(topics), partitions, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                .all().get(30, TimeUnit.SECONDS);
    }

    static String labeledTopic(Topics topics) {
        return topics.images() + ".labeled";
    }

    long backlogFor(int n) {
        double seconds = START_ALLOWANCE.toSeconds() + options.steady().toSeconds() + 2 * options.settle().toSeconds() + 30;
        return (long) Math.ceil((n + 1) * options.modelBoundRate() * seconds * 1.2);
    }

    private void prefill(String topic, long count, String run) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // One request in flight per partition: a retry right after topic creation cannot reorder the sequence.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Instant now = Instant.now();
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long i = 0; i < count; i++) {
                Path file = images.get((int) (i % images.size()));
                // Each reference its own id: every one is a distinct image to the pipeline, as in an archive.
                String id = ImageIds.forUri("fleet/" + run + "/" + i);
                ImageRef ref = new ImageRef(io.breedline.contracts.Schema.VERSION, id, file.toString(), null, null,
                        null, "fleet-" + run, now);
                producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), Json.write(ref)),
                        (md, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + count + " image references could not be queued");
        }
    }

    // A producer started right after createTopics may find partitions without a leader yet; wait for every one.
    private void awaitLeaders(Topics topics) throws Exception {
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        while (true) {
            boolean ready;
            try {
                ready = admin.describeTopics(List.of(topics.images(), topics.predictions())).allTopicNames()
                        .get(30, TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> d.partitions().size() == options.partitions()
                                && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false; // not in the broker's metadata yet
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the topics of " + topics + " have no leaders after " + JOIN_TIMEOUT);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static long awaitStamp(WorkerProcess w) throws InterruptedException {
        while (w.exitedAtMs() < 0) {
            Thread.sleep(10);
        }
        return w.exitedAtMs();
    }

    private boolean settled(GroupView view, int members) {
        try {
            return view.snapshot().settled(members, options.partitions());
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits for {@code condition}; fails at once if one of {@code mustLive} has exited, or after a timeout. */
    private void await(String what, List<WorkerProcess> mustLive, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            Optional<WorkerProcess> dead = mustLive.stream().filter(w -> !w.isAlive()).findFirst();
            if (dead.isPresent()) {
                throw new IllegalStateException("worker " + dead.get().workerId() + " exited; see " + dead.get().log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + JOIN_TIMEOUT.toSeconds() + " s waiting for " + what
                        + "; worker logs in " + logDir);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    // Predictions produced before now are read once their transaction commits, at most a batch later.
    private void waitForCommits() throws InterruptedException {
        Thread.sleep(options.batchTime().toMillis() + 1000);
    }

    private long splitMs() {
        return Math.max(1, options.batchTime().toMillis() / 2);
    }

    private static Map<Long, Long> cpu(List<WorkerProcess> fleet) {
        Map<Long, Long> byPid = new HashMap<>();
        long self = ProcessHandle.current().pid();
        byPid.put(-1L, ProcStat.cpuMillis(self).orElse(0));
        for (int i = 0; i < fleet.size(); i++) {
            byPid.put((long) i, fleet.get(i).cpuMillis().orElse(0));
        }
        return byPid;
    }

    private static long cpuDelta(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), e.getValue());
        }
        return sum;
    }

    private static double machineCores(long[] before, long[] after) {
        long total = after[1] - before[1];
        return total <= 0 ? 0 : (after[0] - before[0]) * (double) Runtime.getRuntime().availableProcessors() / total;
    }

    private static void stopAll(List<WorkerProcess> fleet) throws InterruptedException {
        fleet.forEach(WorkerProcess::sigterm);
        for (WorkerProcess w : fleet) {
            w.awaitExit(Duration.ofSeconds(40));
            w.close();
        }
    }
}
