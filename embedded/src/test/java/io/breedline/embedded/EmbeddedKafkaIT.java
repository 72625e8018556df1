package io.breedline.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
    @TempDir
    static Path dataDir;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void producesAndConsumesOnAnAutoCreatedTopic() throws Exception {
        String topic = name("plain");
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        List<ConsumerRecord<String, String>> got = consumeAll(topic, "read_uncommitted", 10);
        assertThat(got).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions())
                    .hasSize(EmbeddedKafkaConfig.DEFAULT_PARTITIONS_DEFAULT);
        }
    }

    @Test
    void transactionsCommitOffsetsAndHideAbortedRecordsFromReadCommitted() throws Exception {
        String in = name("in");
        String out = name("out");
        String group = name("group");
        createTopic(in, 1);
        createTopic(out, 1);
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            p.send(new ProducerRecord<>(in, "a", "input")).get();
        }

        try (KafkaProducer<String, String> tx = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, name("tx")));
                KafkaConsumer<String, String> c = consumer(group, "read_committed")) {
            tx.initTransactions();
            c.subscribe(List.of(in));
            List<ConsumerRecord<String, String>> input = pollUntil(c, 1);

            tx.beginTransaction();
            tx.send(new ProducerRecord<>(out, "a", "aborted"));
            tx.abortTransaction();

            tx.beginTransaction();
            tx.send(new ProducerRecord<>(out, "a", "committed"));
            ConsumerRecord<String, String> r = input.get(0);
            tx.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(in, r.partition()), new OffsetAndMetadata(r.offset() + 1)),
                    c.groupMetadata());
            tx.commitTransaction();
        }

        assertThat(consumeAll(out, "read_committed", 1)).extracting(ConsumerRecord::value)
                .containsExactly("committed");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                    .containsEntry(new TopicPartition(in, 0), new OffsetAndMetadata(1));
        }
    }

    @Test
    void restartKeepsCommittedDataAndPort() throws Exception {
        String topic = name("durable");
        int port = kafka.port();
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            p.send(new ProducerRecord<>(topic, "k", "before-restart")).get();
        }

        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        kafka.restart();

        assertThat(kafka.port()).isEqualTo(port);
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            p.send(new ProducerRecord<>(topic, "k", "after-restart")).get();
        }
        assertThat(consumeAll(topic, "read_committed", 2)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("before-restart", "after-restart");
    }

    @Test
    void aNewBrokerOnAnExistingDataDirKeepsItsDataAndUsesTheGivenPort(@TempDir Path dir) throws Exception {
        String topic = name("kept");
        int fixedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            fixedPort = s.getLocalPort();
        }
        try (EmbeddedKafka first = EmbeddedKafka.start(dir, fixedPort)) {
            assertThat(first.port()).isEqualTo(fixedPort);
            assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + fixedPort);
            try (KafkaProducer<String, String> p = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>(topic, "k", "kept")).get();
            }
        }
        try (EmbeddedKafka second = EmbeddedKafka.start(dir);
                KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, name("g"),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                        new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            assertThat(pollUntil(c, 1)).extracting(ConsumerRecord::value).containsExactly("kept");
        }
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"));
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String group, String isolation) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String topic, String isolation, int expected) {
        try (KafkaConsumer<String, String> c = consumer(name("reader"), isolation)) {
            c.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> got = pollUntil(c, expected);
            // Anything beyond the expected count (e.g. a leaked aborted record) must show up in a last poll.
            c.poll(Duration.ofMillis(500)).forEach(got::add);
            return got;
        }
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> c, int expected) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.size() < expected && System.nanoTime() < deadline) {
            c.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        assertThat(got).as("records polled").hasSizeGreaterThanOrEqualTo(expected);
        return got;
    }

}
