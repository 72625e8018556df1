package io.breedline.testkit;

import io.breedline.embedded.EmbeddedKafka;
import io.breedline.embedded.EmbeddedS3;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** Servers in this JVM (Kafka, s3proxy) or its child process (PostgreSQL), with data in temporary directories. */
final class EmbeddedBackend implements ServerBackend {
    private static final String POSTGRES_USER = "postgres";
    private static final String POSTGRES_DATABASE = "postgres";

    @Override
    public Started<KafkaServer> kafka() throws IOException {
        Path dir = Files.createTempDirectory("breedline-kafka-");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        return new Started<>(new RunningKafka(kafka.bootstrapServers()), () -> {
            kafka.close();
            deleteRecursively(dir);
        });
    }

    @Override
    public Started<S3Server> s3() throws IOException {
        Path dir = Files.createTempDirectory("breedline-s3-");
        EmbeddedS3 s3 = EmbeddedS3.start(dir);
        RunningS3 running = new RunningS3(s3.settings());
        return new Started<>(running, () -> {
            running.close();
            s3.close();
            deleteRecursively(dir);
        });
    }

    @Override
    public Started<SqlServer> postgres() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                // TestServers stops it in its own hook, in order with the other servers.
                .setRegisterShutdownHook(false)
                .start();
        // zonky's superuser has no password and trusts local connections; any password is accepted.
        RunningPostgres running = new RunningPostgres("localhost", pg.getPort(), POSTGRES_DATABASE, POSTGRES_USER, "");
        return new Started<>(running, pg);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
