package io.breedline.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.s3.S3Settings;
import io.breedline.ingest.IngestSummary;
import io.breedline.sink.objects.ResultFormat;
import io.breedline.sink.s3.S3Target;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Fault 2: the sink process dies (status 137, as under SIGKILL) after its write was acknowledged and before its
 * offsets are committed, three times; a restarted sink replays those records. The test-only failpoint
 * {@code BREEDLINE_FAILPOINT=sink-after-write:N} (results-sink {@code Failpoint}) puts the crash exactly in that window.
 * The replay must upsert (SQL) or overwrite the same objects (S3): no duplicate row, no duplicate object.
 */
class SinkKillIT {
    static final int IMAGES = 1000;
    static final int BROKEN = 4;
    static final int CRASHES = 3;
    static final int S3_FLUSH_RECORDS = 100;
    private static final Pattern IMAGE_ID = Pattern.compile("\"imageId\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    Path tmp;

    @Test
    void sqlReplayAfterCrashBetweenWriteAndCommitUpserts() throws Exception {
        try (FaultRig rig = new FaultRig(tmp, "sink-kill-sql", TestServers.kafka(), TestServers.postgres(), 4)) {
            rig.writeImages(IMAGES, BROKEN);
            try (Worker worker = rig.inProcessWorker("sk1")) {
                worker.start();
                IngestSummary job = rig.ingest();
                int crashes = crashRepeatedly(rig, Map.of(), () -> rig.stored(job.jobId()));
                ServiceProcess sink = rig.startSinkProcess(Map.of());
                rig.awaitStored(job.jobId(), rig.submitted(), Duration.ofMinutes(2));
                sink.sigterm();
                assertThat(sink.waitFor(Duration.ofSeconds(30))).isPresent();
                rig.verify("SinkKillIT.sql", job.jobId(), crashes);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ResultFormat.class)
    void s3ReplayAfterCrashBetweenWriteAndCommitOverwritesTheSameObjects(ResultFormat format) throws Exception {
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("sink-kill");
        s3.createBucket(bucket);
        try (FaultRig rig = new FaultRig(tmp, "sink-kill-s3", TestServers.kafka(), TestServers.postgres(), 4)) {
            rig.writeImages(IMAGES, BROKEN);
            Map<String, String> s3Env = s3Env(s3.settings(), bucket, format);
            try (Worker worker = rig.inProcessWorker("sk2")) {
                worker.start();
                rig.ingest();
                int crashes = crashRepeatedly(rig, s3Env, () -> lines(s3, bucket, format).size());
                ServiceProcess sink = rig.startSinkProcess(s3Env);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> lines(s3, bucket, format).size() >= rig.submitted());
                sink.sigterm();
                assertThat(sink.waitFor(Duration.ofSeconds(30))).isPresent();

                List<String> ids = lines(s3, bucket, format);
                Set<String> distinct = new HashSet<>(ids);
                Map<String, Integer> objectsPerWindow = new HashMap<>();
                for (S3Object o : objects(s3, bucket)) {
                    // <topic>+<partition>+<start offset>.<ext>: one object per window of S3_FLUSH_RECORDS offsets.
                    assertThat(o.key()).endsWith(format.create().extension());
                    String name = o.key().substring(o.key().lastIndexOf('/') + 1);
                    String[] parts = name.substring(0, name.lastIndexOf('.')).split("\\+");
                    String window = parts[0] + "+" + parts[1] + "+" + Long.parseLong(parts[2]) / S3_FLUSH_RECORDS;
                    objectsPerWindow.merge(window, 1, Integer::sum);
                }
                long duplicates = ids.size() - distinct.size();
                System.out.println(new FaultRig.Figures(rig.submitted(), ids.size(), BROKEN, duplicates,
                        Math.max(0, rig.submitted() - distinct.size()), crashes, rig.elapsedSeconds()).line("SinkKillIT.s3-" + format.name().toLowerCase(java.util.Locale.ROOT))
                        + " objects=" + objectsPerWindow.size());
                assertThat(ids).as("one line per image").hasSize(rig.submitted());
                assertThat(distinct).hasSize(rig.submitted());
                assertThat(objectsPerWindow).as("one object per offset window").allSatisfy((w, n) -> assertThat(n).as(w).isEqualTo(1));
            }
        }
    }

    interface Progress {
        long get() throws Exception;
    }

    /** Starts a sink armed to die at its second commit, CRASHES times; each crash must come after data was written. */
    private static int crashRepeatedly(FaultRig rig, Map<String, String> extra, Progress stored) throws Exception {
        int crashes = 0;
        for (int i = 0; i < CRASHES; i++) {
            Map<String, String> env = new HashMap<>(extra);
            env.put("BREEDLINE_FAILPOINT", "sink-after-write:2");
            ServiceProcess sink = rig.startSinkProcess(env);
            OptionalInt exit = sink.waitFor(Duration.ofSeconds(90));
            assertThat(exit).as("%s died at its failpoint", sink).hasValue(137);
            assertThat(sink.logText()).contains("TEST FAILPOINT sink-after-write reached");
            crashes++;
            // It died at its second commit, so its first write is in the target and its last one is not committed.
            assertThat(stored.get()).as("results in the target after crash %d", crashes).isPositive();
        }
        return crashes;
    }

    private static Map<String, String> s3Env(S3Settings s3, String bucket, ResultFormat format) {
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_SINK_TARGET", "s3");
        env.put(ResultFormat.VARIABLE, format.name());
        env.put(S3Target.URI, "s3://" + bucket + "/results");
        env.put("BREEDLINE_SINK_S3_FLUSH_RECORDS", Integer.toString(S3_FLUSH_RECORDS));
        env.put("BREEDLINE_SINK_S3_FLUSH_INTERVAL", "1s");
        env.put(S3Settings.ENDPOINT, s3.endpoint().orElseThrow().toString());
        env.put("AWS_ACCESS_KEY_ID", s3.staticCredentials().orElseThrow().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", s3.staticCredentials().orElseThrow().secretAccessKey());
        env.put("AWS_REGION", s3.region());
        return env;
    }

    private static List<S3Object> objects(S3Server s3, String bucket) {
        List<S3Object> out = new ArrayList<>();
        s3.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("results/")).contents().forEach(out::add);
        return out;
    }

    /** The image id of every row of every object. */
    private static List<String> lines(S3Server s3, String bucket, ResultFormat format) throws Exception {
        if (format == ResultFormat.PARQUET) {
            return parquetImageIds(s3, bucket);
        }
        List<String> ids = new ArrayList<>();
        AtomicLong n = new AtomicLong();
        for (S3Object o : objects(s3, bucket)) {
            String text = s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asString(StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                Matcher m = IMAGE_ID.matcher(line);
                assertThat(m.find()).as("line %d of %s has an imageId", n.incrementAndGet(), o.key()).isTrue();
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** The image ids of every Parquet object, read by DuckDB (a reader independent of the sink's writer). */
    private static List<String> parquetImageIds(S3Server s3, String bucket) throws Exception {
        List<String> ids = new ArrayList<>();
        Path folder = Files.createTempDirectory("parquet-objects");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (S3Object o : objects(s3, bucket)) {
                Path file = folder.resolve(Integer.toHexString(o.key().hashCode()) + ".parquet");
                Files.write(file, s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray());
                try (ResultSet rs = st.executeQuery("SELECT image_id FROM read_parquet('" + file + "')")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                Files.delete(file);
            }
        } finally {
            Files.deleteIfExists(folder);
        }
        return ids;
    }
}
