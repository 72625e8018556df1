package io.breedline.bench;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.Topics;
import io.breedline.embedded.EmbeddedKafka;
import io.breedline.embedded.EmbeddedS3;
import io.breedline.sink.ResultsSink;
import io.breedline.sink.SinkConfig;
import io.breedline.sink.jdbc.JdbcTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The servers a deployment keeps off the worker's node, hosted by one process for a benchmark: a Kafka broker with
 * the pipeline's topics, an S3 server, and the results sink writing SQLite. It announces where they listen with one
 * line on stdout ({@link #READY} ...) and runs until its stdin closes (the benchmark ended or died).
 */
public final class BenchInfra {
    public static final String READY = "BREEDLINE-BENCH-INFRA";

    private BenchInfra() {}

    /** Serves until {@code stdin} reaches its end. */
    public static int serve(Path work, Path sqlite, int partitions, InputStream stdin, PrintStream out) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve("kafka")), 0);
                EmbeddedS3 s3 = EmbeddedS3.start(Files.createDirectories(work.resolve("s3")))) {
            Settings settings = Settings.fromEnvironment().with(Map.of(
                    "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    JdbcTarget.URL, "jdbc:sqlite:" + sqlite));
            // Before the sink subscribes: a consumer's metadata request would otherwise auto-create them, unpartitioned.
            PipelineRun.createTopics(kafka.bootstrapServers(), Topics.fromEnv(settings.asMap()), partitions);
            try (ResultsSink sink = new ResultsSink(SinkConfig.from(settings))) {
                sink.start();
                out.println(READY + " kafka=" + kafka.bootstrapServers() + " s3=" + s3.endpoint());
                out.flush();
                awaitEnd(stdin);
            }
        }
        return 0;
    }

    private static void awaitEnd(InputStream stdin) throws IOException {
        byte[] buffer = new byte[256];
        while (stdin.read(buffer) >= 0) {
            // nothing is expected on stdin; only its end matters
        }
    }
}
