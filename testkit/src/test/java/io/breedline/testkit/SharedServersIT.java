package io.breedline.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class SharedServersIT {

    @Test
    void modeIsKnown() {
        assertThat(TestServers.mode()).isIn(TestServers.EMBEDDED, TestServers.TESTCONTAINERS);
    }

    @Test
    void kafkaCarriesRecordsOnACreatedTopic() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        assertThat(TestServers.kafka()).isSameAs(kafka);
        String topic = Names.unique("smoke");
        kafka.createTopic(topic, 3);

        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }
        List<String> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, Names.unique("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
                assertThat(got).containsExactly("hello");
            });
        }
        try (var admin = kafka.admin()) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
        }
    }

    @Test
    void s3StoresObjectsAndTheSharedClientSurvivesClose() {
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("bucket");
        s3.createBucket(bucket);
        s3.createBucket(bucket);

        try (S3Client c = s3.client()) {
            c.putObject(b -> b.bucket(bucket).key("a b+c.txt"), RequestBody.fromString("payload"));
        }
        assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key("a b+c.txt")).asString(UTF_8))
                .isEqualTo("payload");
        assertThat(s3.settings().endpoint()).isPresent();
    }

    @Test
    void postgresAnswersQueriesAndMakesFreshDatabases() throws Exception {
        SqlServer pg = TestServers.postgres();
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }

        String url = pg.createDatabase();
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                Statement s = c.createStatement()) {
            s.execute("create table t (id int primary key)");
            s.execute("insert into t values (42)");
            try (ResultSet rs = s.executeQuery("select current_database(), (select id from t)")) {
                assertThat(rs.next()).isTrue();
                assertThat(url).endsWith("/" + rs.getString(1));
                assertThat(rs.getInt(2)).isEqualTo(42);
            }
        }
        // The default database did not get the table.
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from information_schema.tables where table_name = 't'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
