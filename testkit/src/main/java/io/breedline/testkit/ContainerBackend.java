package io.breedline.testkit;

import io.breedline.clients.s3.S3Settings;
import java.net.URI;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The same servers in Docker containers (Testcontainers); Ryuk removes them if the JVM dies. */
final class ContainerBackend implements ServerBackend {
    // Same broker version as EmbeddedKafka and the clients (kafka.version in the parent pom).
    static final String KAFKA_IMAGE = "apache/kafka:4.4.0";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    @Override
    @SuppressWarnings("resource") // stopped by TestServers' shutdown hook
    public Started<KafkaServer> kafka() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                // Same broker behaviour as EmbeddedKafka: one replica everywhere, 4 partitions, fast group joins.
                .withEnv("KAFKA_NUM_PARTITIONS", "4")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        kafka.start();
        return new Started<>(new RunningKafka(kafka.getBootstrapServers()), kafka::stop);
    }

    @Override
    @SuppressWarnings("resource")
    public Started<S3Server> s3() {
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE);
        minio.start();
        RunningS3 running = new RunningS3(
                S3Settings.forEndpoint(URI.create(minio.getS3URL()), minio.getUserName(), minio.getPassword()));
        return new Started<>(running, () -> {
            running.close();
            minio.stop();
        });
    }

    @Override
    @SuppressWarnings("resource")
    public Started<SqlServer> postgres() {
        PostgreSQLContainer pg = new PostgreSQLContainer(POSTGRES_IMAGE);
        pg.start();
        RunningPostgres running = new RunningPostgres(pg.getHost(), pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                pg.getDatabaseName(), pg.getUsername(), pg.getPassword());
        return new Started<>(running, pg::stop);
    }
}
