package io.breedline.bench.fleet;

import io.breedline.contracts.Topics;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * The sink's cases of {@code ./breedline bench failover}: two results-sink processes (one consumer group, static
 * members under {@code BREEDLINE_SINK_ID}) write the predictions of two stand-in workers into one SQLite file; again
 * and again one sink is killed with SIGKILL, and the time from the kill to the first row written for a prediction of
 * one of its partitions (the row's {@code written_at}, stamped by the sink that wrote it) is measured: with a
 * replacement started at once under the same sink id, and with none (the other sink takes over; a sink under a new id
 * is started after the measurement, so the next kill again finds two).
 */
final class SinkFailover {
    private static final int SINKS = 2;
    // The sink's own format of written_at on SQLite: fixed width, so text order is time order.
    private static final DateTimeFormatter WRITTEN_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final FailoverBench bench;
    private final FailoverBench.Mode mode;

    SinkFailover(FailoverBench bench, FailoverBench.Mode mode) {
        this.bench = bench;
        this.mode = mode;
    }

    List<FailoverBench.Kill> round(String bootstrap, Admin admin, List<Path> images, Path work) throws Exception {
        String run = mode.option + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Topics topics = Topics.defaults().withSuffix(".failover-" + run);
        String workers = "breedline-workers-failover-" + run;
        String sinkGroup = "breedline-sink-failover-" + run;
        Path logDir = work.resolve("logs");
        String db = JdbcTarget.sqlite(work.resolve(run + ".db")).url();
        FleetRound.createTopics(admin, topics, bench.partitions());
        bench.awaitLeaders(admin, topics);
        long backlog = bench.backlog();
        bench.prefill(bootstrap, topics.images(), backlog, run, images);
        bench.progress().printf("%s: %d images queued on %d partitions; %d workers, %d sinks writing %s%n", mode.text,
                backlog, bench.partitions(), FailoverBench.WORKERS, SINKS, db);
        GroupView view = new GroupView(admin, sinkGroup);
        List<WorkerProcess> fleet = new ArrayList<>();
        List<WorkerProcess> sinks = new ArrayList<>();
        List<FailoverBench.Kill> figures = new ArrayList<>();
        try (Connection results = DriverManager.getConnection(db)) {
            for (int i = 1; i <= FailoverBench.WORKERS; i++) {
                fleet.add(bench.start(run + "-w" + i, bootstrap, topics, workers, images, logDir));
            }
            for (int i = 1; i <= SINKS; i++) {
                sinks.add(startSink(run + "-s" + i, bootstrap, topics, sinkGroup, db, logDir));
                // One at a time: two sinks migrating one fresh SQLite file at once collide. A sink joins its group
                // once its migrations are done.
                String id = sinks.get(i - 1).workerId();
                bench.await("sink " + id + " in its group", List.copyOf(sinks), () -> {
                    try {
                        return view.memberIds().containsKey(id);
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
            awaitSteady(view, topics, results, sinks, fleet);
            int fresh = SINKS;
            for (int k = 0; k < bench.kills(); k++) {
                int v = k % SINKS;
                WorkerProcess victim = sinks.get(v);
                Set<Integer> owned = view.partitionsByMember(topics.predictions()).getOrDefault(victim.workerId(), Set.of());
                String deadMember = view.memberIds().get(victim.workerId());
                if (owned.isEmpty()) {
                    throw new IllegalStateException(victim.workerId() + " owns no predictions partition before its kill");
                }
                bench.sleepIntoABatch();
                long killed = System.currentTimeMillis();
                victim.sigkill();
                if (mode.replaced()) {
                    sinks.set(v, startSink(victim.workerId(), bootstrap, topics, sinkGroup, db, logDir));
                }
                List<WorkerProcess> alive = new ArrayList<>(fleet);
                sinks.stream().filter(s -> s != victim).forEach(alive::add);
                int members = mode.replaced() ? SINKS : SINKS - 1;
                bench.await("the sink group without the dead member", alive, () -> {
                    try {
                        Map<String, Set<Integer>> now = view.partitionsByMember(topics.predictions());
                        return view.snapshot().stable() && now.size() == members
                                && now.values().stream().mapToInt(Set::size).sum() == bench.partitions()
                                && !view.memberIds().containsValue(deadMember);
                    } catch (Exception e) {
                        return false;
                    }
                });
                long reassigned = System.currentTimeMillis();
                long first = awaitFirstRow(results, owned, killed, alive);
                figures.add(new FailoverBench.Kill(reassigned - killed, first - killed));
                bench.progress().printf("%s: kill %d of %s (predictions partitions %s): group settled without it after "
                        + "%.1f s, first row for its partitions written after %.1f s%n", mode.text, k + 1,
                        victim.workerId(), owned, (reassigned - killed) / 1000.0, (first - killed) / 1000.0);
                if (!mode.replaced()) {
                    sinks.set(v, startSink(run + "-s" + (++fresh), bootstrap, topics, sinkGroup, db, logDir));
                }
                awaitSteady(view, topics, results, sinks, fleet);
            }
        } finally {
            for (WorkerProcess p : fleet) {
                p.sigkill();
            }
            for (WorkerProcess p : sinks) {
                p.sigkill();
            }
            admin.deleteTopics(List.of(topics.images(), topics.predictions(), topics.deadLetters(),
                    FleetRound.labeledTopic(topics))).all().get(30, TimeUnit.SECONDS);
        }
        return figures;
    }

    private WorkerProcess startSink(String sinkId, String bootstrap, Topics topics, String group, String db, Path logDir)
            throws java.io.IOException {
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        // The group view names members by client id: make it the sink id.
        env.put("BREEDLINE_KAFKA_CLIENT_ID", sinkId);
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put(SinkConfig.GROUP_ID, group);
        env.put(SinkConfig.SINK_ID, sinkId);
        env.put(JdbcTarget.URL, db);
        env.put("BREEDLINE_OPS_PORT", "off"); // several sinks on one machine
        env.putAll(bench.extraEnv());
        return WorkerProcess.startSink(sinkId, env, logDir);
    }

    // Every sink owning predictions partitions and rows being written, then three batches more.
    private void awaitSteady(GroupView view, Topics topics, Connection results, List<WorkerProcess> sinks,
            List<WorkerProcess> fleet) throws Exception {
        long since = System.currentTimeMillis();
        List<WorkerProcess> all = new ArrayList<>(fleet);
        all.addAll(sinks);
        bench.await("all sinks owning partitions and rows written", all, () -> {
            try {
                Map<String, Set<Integer>> owned = view.partitionsByMember(topics.predictions());
                return view.snapshot().stable() && sinks.stream().allMatch(s -> !owned.getOrDefault(s.workerId(), Set.of()).isEmpty())
                        && firstRowAfter(results, since, null) > 0;
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(bench.batchTime().multipliedBy(3).toMillis());
    }

    private long awaitFirstRow(Connection results, Set<Integer> owned, long killed, List<WorkerProcess> mustLive)
            throws InterruptedException {
        long[] first = {-1};
        bench.await("a row for predictions partitions " + owned, mustLive, () -> {
            try {
                first[0] = firstRowAfter(results, killed, owned);
            } catch (SQLException e) {
                return false; // locked by a writer this moment: asked again
            }
            return first[0] > 0;
        });
        return first[0];
    }

    /** When the first prediction row of one of {@code partitions} (null: any) was written after {@code afterMs}, or -1. */
    private long firstRowAfter(Connection results, long afterMs, Set<Integer> partitions) throws SQLException {
        try (PreparedStatement ps = results.prepareStatement(
                "SELECT image_id, written_at FROM predictions WHERE written_at > ? ORDER BY written_at")) {
            ps.setString(1, WRITTEN_AT.format(Instant.ofEpochMilli(afterMs)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (partitions == null || partitions.contains(partitionOf(rs.getString(1)))) {
                        return Instant.parse(rs.getString(2)).toEpochMilli();
                    }
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return -1; // no sink has created its tables yet
            }
            throw e;
        }
        return -1;
    }

    // The predictions topic's partition of an image: the producer's default partitioner on the key (the image id).
    private int partitionOf(String imageId) {
        return Utils.toPositive(Utils.murmur2(imageId.getBytes(StandardCharsets.UTF_8))) % bench.partitions();
    }
}
