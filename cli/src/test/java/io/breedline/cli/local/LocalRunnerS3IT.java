package io.breedline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.models.OracleModel;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code ./breedline label s3://bucket/prefix} run twice over the same objects (ETags present, so de-duplication
 * applies): each run returns in bounded time and prints a row with the labels for every object.
 */
class LocalRunnerS3IT {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @Test
    void labelingTheSamePrefixTwiceReturnsBothTimesWithEveryRow() throws Exception {
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("label-twice");
        s3.createBucket(bucket);
        List<String> labels = OracleModel.labels();
        for (int cls = 0; cls < labels.size(); cls++) {
            byte[] jpeg = TestImages.jpeg(160, 120, OracleModel.colourOf(cls), cls, 20, 0.9f);
            String key = "photos/dog-" + labels.get(cls) + ".jpg";
            s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(jpeg));
        }
        Path model = OracleModel.build(tmp.resolve("model"));
        S3Settings.StaticCredentials keys = s3.settings().staticCredentials().orElseThrow();
        Map<String, String> env = new HashMap<>();
        env.put(S3Settings.ENDPOINT, s3.settings().endpoint().orElseThrow().toString());
        env.put(S3Settings.PATH_STYLE, "true");
        // The one process-wide way the AWS SDK's default chain takes keys besides the real environment.
        String oldKey = System.setProperty("aws.accessKeyId", keys.accessKeyId());
        String oldSecret = System.setProperty("aws.secretAccessKey", keys.secretAccessKey());
        try {
            for (int run = 1; run <= 2; run++) {
                String out = label("s3://" + bucket + "/photos/", model, Settings.of(env), tmp.resolve("out"));
                List<String> lines = out.lines().toList();
                for (String label : labels) {
                    assertThat(lines).as("run %d:%n%s", run, out).anySatisfy(l -> assertThat(l)
                            .startsWith("s3://" + bucket + "/photos/dog-" + label + ".jpg").contains(" " + label + " "));
                }
                assertThat(lines).as("run %d", run).noneMatch(l -> l.contains("not labeled"));
            }
        } finally {
            restore("aws.accessKeyId", oldKey);
            restore("aws.secretAccessKey", oldSecret);
        }
    }

    private static String label(String source, Path model, Settings environment, Path outDir) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        LabelOptions options = new LabelOptions(source, Optional.of(model.toString()), Optional.empty(), outDir, 4,
                Duration.ofMillis(100), 3, 1, 2, Duration.ofSeconds(60), "auto");
        LocalRunner runner = new LocalRunner(options, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), environment);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int exit;
        try {
            exit = code.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("label did not return within " + RUN_LIMIT + "; stderr:\n" + stderr, e);
        }
        assertThat(exit).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private static void restore(String key, String old) {
        if (old == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, old);
        }
    }
}
