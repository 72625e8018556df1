package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    private final KafkaSettings kafka = KafkaSettings.from(Settings.of(Map.of(
            "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
            "BREEDLINE_KAFKA_MAX_POLL_INTERVAL_MS", "2000",
            "BREEDLINE_KAFKA_ENABLE_AUTO_COMMIT", "true",
            "BREEDLINE_KAFKA_ISOLATION_LEVEL", "read_uncommitted",
            "BREEDLINE_KAFKA_ACKS", "1",
            "BREEDLINE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")));

    @Test
    void theConsumerTakesOperatorSettingsButNotOnesThatBreakExactlyOnce() {
        Map<String, Object> c = KafkaClients.consumer(kafka, "g", "w1", 64);
        assertThat(c).containsEntry("bootstrap.servers", "k:9092")
                .containsEntry("max.poll.interval.ms", "2000")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("group.id", "g")
                .containsEntry("max.poll.records", 64)
                .containsEntry("enable.auto.commit", false)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("partition.assignment.strategy", LanePairAssignor.class.getName()
                        + ",org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
                .containsEntry("group.instance.id", "w1")
                .containsEntry("session.timeout.ms", 6000)
                .containsEntry("heartbeat.interval.ms", 1000)
                .doesNotContainKey("acks");
        assertThat(KafkaClients.maxPollIntervalMs(c)).isEqualTo(2000);
    }

    @Test
    void theProducerIsTransactionalAndIdempotentWhateverTheOperatorSays() {
        Map<String, Object> p = KafkaClients.producer(kafka, "breedline-worker-w1");
        assertThat(p).containsEntry("transactional.id", "breedline-worker-w1")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("transaction.timeout.ms", 10_000)
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKeys("max.poll.interval.ms", "isolation.level");
    }

    @Test
    void theOperatorsSessionAndTransactionTimeoutsWin() {
        KafkaSettings own = KafkaSettings.from(Settings.of(Map.of("BREEDLINE_KAFKA_SESSION_TIMEOUT_MS", "10000",
                "BREEDLINE_KAFKA_TRANSACTION_TIMEOUT_MS", "30000")));
        assertThat(KafkaClients.consumer(own, "g", "w1", 10)).containsEntry("session.timeout.ms", "10000");
        assertThat(KafkaClients.producer(own, "t")).containsEntry("transaction.timeout.ms", "30000");
    }

    @Test
    void theServerSideGroupProtocolGetsNoClientAssignor() {
        KafkaSettings kip848 = KafkaSettings.from(Settings.of(Map.of("BREEDLINE_KAFKA_GROUP_PROTOCOL", "consumer")));
        assertThat(KafkaClients.consumer(kip848, "g", "w1", 10)).doesNotContainKey("partition.assignment.strategy")
                .containsEntry("group.protocol", "consumer")
                // The broker's range assignor keeps the lanes co-partitioned (its default, uniform, does not).
                .containsEntry("group.remote.assignor", "range")
                .containsEntry("group.instance.id", "w1")
                // The broker owns the session under this protocol; the client refuses these.
                .doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms");
        assertThat(KafkaClients.maxPollIntervalMs(KafkaClients.consumer(kip848, "g", "w1", 10))).isEqualTo(300_000);
        KafkaSettings uniform = KafkaSettings.from(Settings.of(Map.of("BREEDLINE_KAFKA_GROUP_PROTOCOL", "consumer",
                "BREEDLINE_KAFKA_GROUP_REMOTE_ASSIGNOR", "uniform")));
        assertThat(KafkaClients.consumer(uniform, "g", "w1", 10)).containsEntry("group.remote.assignor", "uniform");
    }
}
