package io.breedline.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.config.Settings;
import io.breedline.clients.ops.OpsRegistry;
import io.breedline.clients.ops.OpsServer;
import io.breedline.clients.s3.S3Location;
import io.breedline.contracts.Topics;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.s3.BucketProbe;
import io.breedline.sink.s3.S3Target;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sink is ready only while its database answers; its bucket probe tells a missing bucket from a present one. */
class SinkReadinessIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void notReadyWhileTheDatabaseIsUnreachable() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        SqlServer postgres = TestServers.postgres();
        String jdbcUrl = postgres.createDatabase();
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("ready"));
        try (TcpProxy proxy = new TcpProxy(db.getHost(), db.getPort())) {
            Map<String, String> env = new HashMap<>();
            env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put(Topics.PREDICTIONS_ENV, topics.predictions());
            env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
            env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("ready-sink"));
            env.put(JdbcTarget.URL, "jdbc:postgresql://127.0.0.1:" + proxy.port() + db.getPath() + "?connectTimeout=2&socketTimeout=5");
            env.put(JdbcTarget.USER, postgres.user());
            env.put(JdbcTarget.PASSWORD, postgres.password());
            try (OpsRegistry registry = new OpsRegistry("sink");
                    ResultsSink sink = new ResultsSink(SinkConfig.from(Settings.of(env)), registry.registry());
                    OpsServer ops = OpsServer.start(0, registry, sink)) {
                sink.start();
                await().atMost(WAIT).untilAsserted(() -> assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(200));

                proxy.cut();
                await().atMost(WAIT).untilAsserted(() -> {
                    HttpResponse<String> ready = get(ops, "/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).contains("target: ").contains("database").doesNotContainIgnoringCase("password");
                });
                assertThat(get(ops, "/health/live").statusCode()).as("an outage is not a reason to restart").isEqualTo(200);

                proxy.restore();
                await().atMost(WAIT).untilAsserted(() -> assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(200));
            }
        }
    }

    @Test
    void theBucketProbeNeedsTheBucket() throws Exception {
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("results");
        s3.createBucket(bucket);
        S3Target present = new S3Target(new S3Location(bucket, "out/"), s3.settings(), 10, Duration.ofSeconds(1));
        S3Target missing = new S3Target(new S3Location(bucket + "-missing", "out/"), s3.settings(), 10,
                Duration.ofSeconds(1));
        try (BucketProbe ok = new BucketProbe(present); BucketProbe absent = new BucketProbe(missing)) {
            assertThat(ok.problem()).isEmpty();
            assertThat(absent.problem()).hasValueSatisfying(p -> assertThat(p).contains(bucket + "-missing"));
        }
    }

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
