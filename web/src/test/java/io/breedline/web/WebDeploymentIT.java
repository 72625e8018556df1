package io.breedline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.Topics;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.SqlServer;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.Worker;
import io.breedline.worker.WorkerConfig;
import java.awt.Color;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment mode: uploads stored in S3 (the worker reads them there), results in PostgreSQL, a token, and the
 * ops endpoints like the other services.
 */
class WebDeploymentIT {
    static final String TOKEN = "deployment-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void uploadsGoThroughS3AndPostgresqlWithHealthAndMetrics() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        S3Server s3 = TestServers.s3();
        SqlServer pg = TestServers.postgres();
        String bucket = Names.unique("uploads");
        s3.createBucket(bucket);
        S3Settings.StaticCredentials keys = s3.settings().staticCredentials().orElseThrow();
        String oldKey = System.setProperty("aws.accessKeyId", keys.accessKeyId());
        String oldSecret = System.setProperty("aws.secretAccessKey", keys.secretAccessKey());
        Topics topics = new Topics(Names.unique("images"), Names.unique("predictions"), Names.unique("dead"),
                Names.unique("labeled"));
        kafka.createTopic(topics.images(), 1);
        kafka.createTopic(topics.predictions(), 1);
        kafka.createTopic(topics.deadLetters(), 1);
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put(Topics.IMAGES_ENV, topics.images());
        env.put(Topics.PREDICTIONS_ENV, topics.predictions());
        env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
        env.put(Topics.LABELED_ENV, topics.labeled());
        env.put("BREEDLINE_S3_ENDPOINT", s3.settings().endpoint().orElseThrow().toString());
        env.put("BREEDLINE_S3_PATH_STYLE", "true");
        env.put("BREEDLINE_GROUP_ID", Names.unique("workers"));
        env.put("BREEDLINE_SINK_GROUP_ID", Names.unique("sink"));
        env.put("BREEDLINE_MODEL", "/unused/with/an/injected/model");
        env.put("BREEDLINE_MAX_BATCH_DELAY", "1ms");
        env.put("BREEDLINE_FILE_ROOTS", "none");
        env.put("BREEDLINE_SINK_JDBC_URL", pg.createDatabase());
        env.put("BREEDLINE_SINK_JDBC_USER", pg.user());
        env.put("BREEDLINE_SINK_JDBC_PASSWORD", pg.password());
        env.put(WebConfig.BIND, "0.0.0.0");
        env.put(WebConfig.TOKEN, TOKEN);
        env.put(WebConfig.PORT, "0");
        env.put(WebConfig.UPLOAD_S3, "s3://" + bucket + "/web/");
        env.put(WebConfig.THUMBNAIL_DIR, dir.resolve("thumbnails").toString());
        env.put(WebService.LABELS, ColourModel.BREEDS_FILE.toString());
        env.put("BREEDLINE_OPS_PORT", "0");
        Settings settings = Settings.of(env);
        ColourModel model = new ColourModel();
        try (ResultsSink sink = new ResultsSink(SinkConfig.from(settings));
                Worker worker = new Worker(WorkerConfig.from(settings), model)) {
            sink.start();
            worker.start();
            try (WebService web = WebService.start(settings, Optional.empty())) {
                Http http = new Http("http://127.0.0.1:" + web.app().port());
                Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);

                Http.Response r = http.upload("deployed.png", TestImages.png(80, 60, new Color(140, 240, 0)), auth);

                assertThat(r.status()).as(r.text()).isEqualTo(200);
                JsonNode answer = r.json();
                assertThat(answer.get("breeds").get(0).get("breed").asText()).isEqualTo(model.breedFor(140));
                assertThat(s3.client().listObjectsV2(b -> b.bucket(bucket).prefix("web/")).contents())
                        .singleElement().satisfies(o -> assertThat(o.key()).endsWith("/deployed.png"));
                // The thumbnail comes back from S3 through the worker's fetcher.
                Http.Response thumb = http.get("/api/images/" + answer.get("imageId").asText() + "/thumbnail", auth);
                assertThat(thumb.status()).as(thumb.text()).isEqualTo(200);
                assertThat(http.get("/api/session", auth).json().get("breeds")).hasSize(120);

                Http ops = new Http("http://127.0.0.1:" + web.opsPort().orElseThrow());
                assertThat(ops.get("/health/ready").status()).isEqualTo(200);
                assertThat(ops.get("/health/live").status()).isEqualTo(200);
                assertThat(ops.get("/metrics").text()).contains("jvm_memory_used_bytes").contains("service=\"web\"");
            }
        } finally {
            restore("aws.accessKeyId", oldKey);
            restore("aws.secretAccessKey", oldSecret);
        }
    }

    private static void restore(String name, String old) {
        if (old == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, old);
        }
    }
}
