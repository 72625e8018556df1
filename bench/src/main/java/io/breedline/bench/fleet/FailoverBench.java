package io.breedline.bench.fleet;

import io.breedline.contracts.ImageIds;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Schema;
import io.breedline.contracts.Topics;
import io.breedline.embedded.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./breedline bench failover}: how long a SIGKILLed worker's partitions go without a prediction. Two real
 * worker processes (stand-in model, a fixed time per batch) work through a backlog on an in-process broker; again and
 * again one of them is killed with SIGKILL in the middle of its work, and the time from the kill to the first
 * prediction readable ({@code read_committed}) for an image of one of its partitions is measured. Twice: with a
 * replacement started at once under the same worker id (a StatefulSet pod, a restarted container), and with none (the
 * survivor must take the partitions over; a replacement under a new id is started only after the measurement, so the
 * next kill again finds two workers).
 */
public final class FailoverBench {
    private static final Duration WAIT = Duration.ofMinutes(3);
    static final int WORKERS = 2;

    enum Mode {
        REPLACED("replacement under the same worker id", "replaced"),
        NOT_REPLACED("no replacement (the survivor takes over)", "not-replaced"),
        SINK_REPLACED("sink: replacement under the same sink id", "sink-replaced"),
        SINK_NOT_REPLACED("sink: no replacement (the other sink takes over)", "sink-not-replaced");

        final String text;
        final String option;

        Mode(String text, String option) {
            this.text = text;
            this.option = option;
        }

        boolean sink() {
            return this == SINK_REPLACED || this == SINK_NOT_REPLACED;
        }

        boolean replaced() {
            return this == REPLACED || this == SINK_REPLACED;
        }
    }

    private final List<Mode> modes;
    private final int kills;
    private final Duration batchTime;
    private final int batchSize;
    private final int partitions;
    private final Map<String, String> extraEnv;
    private final String commandLine;
    private final PrintStream out;
    private final PrintStream progress;
    private final Random random = new Random();

    public FailoverBench(List<String> cases, int kills, Duration batchTime, int batchSize, int partitions, Map<String, String> extraEnv,
            String commandLine, PrintStream out, PrintStream progress) {
        if (kills < 1 || partitions < WORKERS || batchSize < 1 || batchTime.isNegative() || batchTime.isZero()) {
            throw new IllegalArgumentException("--kills and --batch-size must be at least 1, --partitions at least "
                    + WORKERS + ", --batch-time positive");
        }
        extraEnv.keySet().stream().filter(k -> !k.startsWith("BREEDLINE_")).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("--env " + k + ": only BREEDLINE_* settings can be given to the workers");
        });
        this.modes = cases.stream().map(c -> java.util.Arrays.stream(Mode.values()).filter(m -> m.option.equals(c))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "--cases takes replaced, not-replaced, sink-replaced and sink-not-replaced, not " + c))).toList();
        this.kills = kills;
        this.batchTime = batchTime;
        this.batchSize = batchSize;
        this.partitions = partitions;
        this.extraEnv = Map.copyOf(extraEnv);
        this.commandLine = commandLine;
        this.out = out;
        this.progress = progress;
    }

    /** Exit status: 0 when every kill was followed by a prediction for the dead worker's partitions within 10 s. */
    public int run() throws Exception {
        Path work = Files.createTempDirectory("breedline-failover");
        List<Path> images = FleetImages.write(work.resolve("images"));
        progress.println("failover bench: broker, images and worker logs in " + work);
        Map<Mode, List<Kill>> results = new HashMap<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            for (Mode mode : modes) {
                results.put(mode, mode.sink()
                        ? new SinkFailover(this, mode).round(kafka.bootstrapServers(), admin, images, work)
                        : round(mode, kafka.bootstrapServers(), admin, images, work.resolve("logs")));
            }
        }
        return report(results);
    }

    /**
     * One kill: milliseconds until the group was stable with every partition owned and without the dead member (with a
     * replacement: after the replacement has joined), and until the first prediction for the dead one's partitions.
     */
    record Kill(long reassignedMs, long firstPredictionMs) {}

    List<Kill> round(Mode mode, String bootstrap, Admin admin, List<Path> images, Path logDir) throws Exception {
        String run = mode.name().toLowerCase().replace('_', '-') + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Topics topics = Topics.defaults().withSuffix(".failover-" + run);
        String group = "breedline-workers-failover-" + run;
        FleetRound.createTopics(admin, topics, partitions);
        awaitLeaders(admin, topics);
        // Enough for every kill and recovery at full speed, with room to spare: the backlog must outlast the round.
        long backlog = backlog();
        Map<String, Integer> partitionOf = prefill(bootstrap, topics.images(), backlog, run, images);
        progress.printf("%s: %d images queued on %d partitions; %d workers%n", mode.text, backlog, partitions, WORKERS);
        GroupView view = new GroupView(admin, group);
        List<WorkerProcess> fleet = new ArrayList<>();
        List<WorkerProcess> dead = new ArrayList<>();
        List<Kill> figures = new ArrayList<>();
        try (PredictionTap tap = new PredictionTap(bootstrap, topics.predictions(), partitions)) {
            for (int i = 1; i <= WORKERS; i++) {
                fleet.add(start(run + "-w" + i, bootstrap, topics, group, images, logDir));
            }
            awaitSteady(view, tap, fleet);
            int fresh = WORKERS;
            for (int k = 0; k < kills; k++) {
                int v = k % WORKERS;
                WorkerProcess victim = fleet.get(v);
                Set<Integer> owned = view.partitionsByMember().getOrDefault(victim.workerId(), Set.of());
                String deadMember = view.memberIds().get(victim.workerId());
                if (owned.isEmpty()) {
                    throw new IllegalStateException(victim.workerId() + " owns no partition before its kill");
                }
                // Somewhere inside a batch, not always at the same point of it.
                Thread.sleep(random.nextInt((int) batchTime.toMillis()));
                long killed = System.currentTimeMillis();
                victim.sigkill();
                dead.add(victim);
                if (mode == Mode.REPLACED) {
                    fleet.set(v, start(victim.workerId(), bootstrap, topics, group, images, logDir));
                }
                List<WorkerProcess> alive = fleet.stream().filter(w -> w != victim).toList();
                int members = mode == Mode.REPLACED ? WORKERS : WORKERS - 1;
                await("the group without the dead member", alive, () -> {
                    try {
                        return view.snapshot().settled(members, partitions) && !view.memberIds().containsValue(deadMember);
                    } catch (Exception e) {
                        return false;
                    }
                });
                long reassigned = System.currentTimeMillis();
                long first = awaitFirst(tap, partitionOf, owned, killed, alive);
                figures.add(new Kill(reassigned - killed, first - killed));
                progress.printf("%s: kill %d of %s (partitions %s): group settled without it after %.1f s, first "
                        + "prediction for its partitions after %.1f s%n", mode.text, k + 1, victim.workerId(), owned, (reassigned - killed) / 1000.0,
                        (first - killed) / 1000.0);
                if (mode == Mode.NOT_REPLACED) {
                    fleet.set(v, start(run + "-w" + (++fresh), bootstrap, topics, group, images, logDir));
                }
                awaitSteady(view, tap, fleet);
            }
            if (tap.count() >= backlog) {
                progress.println("warning: the backlog ran out; figures after that are not of busy workers");
            }
        } finally {
            for (WorkerProcess w : fleet) {
                w.sigkill();
            }
            admin.deleteTopics(List.of(topics.images(), topics.predictions(), topics.deadLetters(),
                    FleetRound.labeledTopic(topics))).all().get(30, TimeUnit.SECONDS);
        }
        return figures;
    }

    // Enough for every kill and recovery at full speed, with room to spare: the backlog must outlast the round.
    long backlog() {
        return (long) (WORKERS * batchSize * 1000.0 / batchTime.toMillis() * (60 + kills * 45L) * 1.3);
    }

    int kills() {
        return kills;
    }

    int partitions() {
        return partitions;
    }

    Duration batchTime() {
        return batchTime;
    }

    Map<String, String> extraEnv() {
        return extraEnv;
    }

    PrintStream progress() {
        return progress;
    }

    /** Somewhere inside a batch, not always at the same point of it. */
    void sleepIntoABatch() throws InterruptedException {
        Thread.sleep(random.nextInt((int) batchTime.toMillis()));
    }

    WorkerProcess start(String workerId, String bootstrap, Topics topics, String group, List<Path> images,
            Path logDir) throws java.io.IOException {
        Map<String, String> env = FleetRound.workerEnv(workerId, bootstrap, topics, group, images, batchSize);
        env.putAll(extraEnv);
        return WorkerProcess.start(workerId, batchTime, env, logDir);
    }

    // Every worker in the group with partitions, publishing, and three batches more: the next kill hits busy workers.
    private void awaitSteady(GroupView view, PredictionTap tap, List<WorkerProcess> fleet) throws Exception {
        long since = System.currentTimeMillis();
        await("all workers owning partitions and publishing", fleet, () -> {
            try {
                return view.snapshot().settled(WORKERS, partitions) && fleet.stream().allMatch(w ->
                        StreamStats.firstOf(tap.events(), w.workerId(), since) > 0);
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(batchTime.multipliedBy(3).toMillis());
    }

    // The first prediction produced after the kill, for an image of a partition the dead worker owned.
    private long awaitFirst(PredictionTap tap, Map<String, Integer> partitionOf, Set<Integer> owned, long killed,
            List<WorkerProcess> mustLive) throws Exception {
        long[] first = {-1};
        await("a prediction for partitions " + owned, mustLive, () -> {
            OptionalLong read = tap.seen().stream()
                    .filter(s -> s.producedMs() > killed && owned.contains(partitionOf.getOrDefault(s.imageId(), -1)))
                    .mapToLong(PredictionTap.Seen::readMs).min();
            read.ifPresent(r -> first[0] = r);
            return read.isPresent();
        });
        return first[0];
    }

    void await(String what, List<WorkerProcess> mustLive, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            for (WorkerProcess w : mustLive) {
                if (!w.isAlive()) {
                    throw new IllegalStateException("worker " + w.workerId() + " exited; see " + w.log());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    // A producer started right after createTopics may find partitions without a leader yet.
    void awaitLeaders(Admin admin, Topics topics) throws InterruptedException {
        await("leaders for the new topics", List.of(), () -> {
            try {
                return admin.describeTopics(List.of(topics.images(), topics.predictions())).allTopicNames()
                        .get(30, TimeUnit.SECONDS).values().stream().allMatch(d -> d.partitions().size() == partitions
                                && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            } catch (Exception e) {
                return false; // not in the broker's metadata yet
            }
        });
    }

    // Explicit partitions, so the bench knows which worker owned each image when it was killed.
    Map<String, Integer> prefill(String bootstrap, String topic, long count, String run, List<Path> images)
            throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // One request in flight per partition: a retry right after topic creation cannot reorder the sequence.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Map<String, Integer> partitionOf = new HashMap<>();
        Instant now = Instant.now();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long i = 0; i < count; i++) {
                String id = ImageIds.forUri("failover/" + run + "/" + i);
                int partition = (int) (i % partitions);
                ImageRef ref = new ImageRef(Schema.VERSION, id, images.get((int) (i % images.size())).toString(), null,
                        null, null, "failover-" + run, now);
                producer.send(new ProducerRecord<>(topic, partition, id.getBytes(StandardCharsets.UTF_8), Json.write(ref)),
                        (md, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
                partitionOf.put(id, partition);
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + count + " image references could not be queued");
        }
        return partitionOf;
    }

    private int report(Map<Mode, List<Kill>> results) {
        out.println("Failover: SIGKILL of a busy worker to the first prediction for its partitions (of a busy sink: to "
                + "the first row written for its partitions)");
        out.println("command: " + commandLine);
        out.printf("%d workers (stand-in model, %d ms per batch of %d), %d partitions; worker settings: %s%n",
                WORKERS, batchTime.toMillis(), batchSize, partitions,
                extraEnv.isEmpty() ? "defaults" : new java.util.TreeMap<>(extraEnv));
        boolean within = true;
        for (Mode mode : modes) {
            List<Kill> kills = results.get(mode);
            List<Long> first = kills.stream().map(Kill::firstPredictionMs).sorted().toList();
            List<Long> owned = kills.stream().map(Kill::reassignedMs).sorted().toList();
            long max = first.get(first.size() - 1);
            within &= max <= 10_000;
            out.printf("  %s:%n    " + (mode.sink() ? "first row written" : "first prediction")
                            + ": median %.1f s, max %.1f s (each: %s)%n"
                            + "    group settled without the dead member: median %.1f s, max %.1f s (each: %s)%n",
                    mode.text, first.get(first.size() / 2) / 1000.0, max / 1000.0, seconds(kills, Kill::firstPredictionMs),
                    owned.get(owned.size() / 2) / 1000.0, owned.get(owned.size() - 1) / 1000.0,
                    seconds(kills, Kill::reassignedMs));
        }
        out.println(within ? "Every kill: a prediction (a row) for the dead process's partitions within 10 s."
                : "Some kill: more than 10 s before a prediction (a row) for the dead process's partitions.");
        return within ? 0 : 1;
    }

    private static List<String> seconds(List<Kill> kills, java.util.function.ToLongFunction<Kill> f) {
        return kills.stream().map(k -> String.format("%.1f", f.applyAsLong(k) / 1000.0)).toList();
    }
}
