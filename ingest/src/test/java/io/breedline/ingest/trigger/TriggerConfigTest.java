package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerConfigTest {

    @Test
    void defaults() {
        TriggerConfig c = from(Map.of(TriggerConfig.KAFKA_TOPIC, "minio-events"));

        assertThat(c.kafkaTopic()).contains("minio-events");
        assertThat(c.groupId()).isEqualTo(TriggerConfig.GROUP_ID_DEFAULT);
        assertThat(c.sqsQueueUrl()).isEmpty();
        assertThat(c.httpPort()).isEmpty();
        assertThat(c.filter().prefix()).isEmpty();
        assertThat(c.filter().suffixes()).isEqualTo(c.ingest().extensions());
        assertThat(c.sqsWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.sqsVisibilityTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.snsHosts().patterns()).containsExactly("sns.*.amazonaws.com");
        assertThat(c.token()).isEmpty();
        assertThat(c.instanceId()).matches("[A-Za-z0-9._-]+");
    }

    @Test
    void everyVariableIsRead() {
        Map<String, String> env = new HashMap<>();
        env.put(TriggerConfig.SQS_QUEUE_URL, "https://sqs.eu-west-1.amazonaws.com/1/photos");
        env.put(TriggerConfig.SQS_ENDPOINT, "http://localhost:9324");
        env.put(TriggerConfig.SQS_REGION, "eu-west-1");
        env.put(TriggerConfig.SQS_WAIT, "5s");
        env.put(TriggerConfig.SQS_VISIBILITY_TIMEOUT, "2m");
        env.put(TriggerConfig.HTTP_PORT, "8088");
        env.put(TriggerConfig.TOKEN, "0123456789abcdef0123");
        env.put(TriggerConfig.PREFIX, "uploads/");
        env.put(TriggerConfig.SUFFIXES, "jpg,.PNG");
        env.put(TriggerConfig.INSTANCE_ID, "ingest-1");
        env.put(TriggerConfig.SNS_HOSTS, "sns.*.amazonaws.com,sns.*.amazonaws.com.cn");

        TriggerConfig c = from(env);

        assertThat(c.sqsQueueUrl()).contains("https://sqs.eu-west-1.amazonaws.com/1/photos");
        assertThat(c.sqsEndpoint().orElseThrow()).hasToString("http://localhost:9324");
        assertThat(c.sqsRegion()).isEqualTo("eu-west-1");
        assertThat(c.sqsWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.sqsVisibilityTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.httpPort()).contains(8088);
        assertThat(c.filter().prefix()).isEqualTo("uploads/");
        assertThat(c.filter().suffixes().extensions()).containsExactlyInAnyOrder("jpg", "png");
        assertThat(c.instanceId()).isEqualTo("ingest-1");
        assertThat(c.snsHosts().patterns()).hasSize(2);
        assertThat(c.toString()).doesNotContain("0123456789abcdef0123").contains("token=****");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> from(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no notification source").hasMessageContaining(TriggerConfig.KAFKA_TOPIC);
        assertBad(TriggerConfig.HTTP_PORT, "70000", "must be between 0 and 65535");
        assertBad(TriggerConfig.SQS_WAIT, "30s", "must be between 1s and 20s");
        assertBad(TriggerConfig.SQS_VISIBILITY_TIMEOUT, "1s", "must be between 5s and 12h");
        assertBad(TriggerConfig.TOKEN, "short", "too short");
        assertBad(TriggerConfig.SUFFIXES, "j p g", "not a lower-case file extension");
        assertBad(TriggerConfig.SNS_HOSTS, "http://x", "is not a host pattern");
        assertBad(TriggerConfig.SQS_ENDPOINT, "localhost", "is not an http(s) URL");
        assertBad(TriggerConfig.INSTANCE_ID, "a b", "must be 1 to 100 letters");
    }

    @Test
    void uploadsTakeThePriorityLaneUnlessTheRunChoosesBulk() {
        TriggerConfig c = from(Map.of(TriggerConfig.KAFKA_TOPIC, "minio-events"));
        assertThat(c.lane()).isEqualTo(io.breedline.contracts.Lane.PRIORITY);
        assertThat(c.withLane(io.breedline.contracts.Lane.BULK).lane()).isEqualTo(io.breedline.contracts.Lane.BULK);
        assertThat(c.withLane(io.breedline.contracts.Lane.BULK).kafkaTopic()).contains("minio-events");
        assertThat(c.withLane(null).lane()).isEqualTo(io.breedline.contracts.Lane.PRIORITY);
        assertThat(c.toString()).contains("lane=priority");
    }

    @Test
    void theTokenIsNeverShownInAnError() {
        assertThatThrownBy(() -> from(Map.of(TriggerConfig.HTTP_PORT, "0", TriggerConfig.TOKEN, "tiny")))
                .hasMessageNotContaining("tiny");
    }

    @Test
    void theJobIdIsTheConfiguredOneOrATriggerStamp() {
        TriggerConfig generated = from(Map.of(TriggerConfig.HTTP_PORT, "0"));
        assertThat(generated.jobId(java.time.Clock.systemUTC())).matches("trigger-\\d{8}-\\d{6}-[0-9a-f]{6}");
        TriggerConfig fixed = from(Map.of(TriggerConfig.HTTP_PORT, "0", "BREEDLINE_JOB_ID", "uploads"));
        assertThat(fixed.jobId(java.time.Clock.systemUTC())).isEqualTo("uploads");
        assertThat(TriggerConfig.of(fixed.ingest(), Optional.empty(), Optional.empty(), Optional.of(0)).httpPort()).contains(0);
    }

    private static void assertBad(String name, String value, String problem) {
        Map<String, String> env = new HashMap<>();
        env.put(TriggerConfig.HTTP_PORT, "0");
        env.put(name, value);
        assertThatThrownBy(() -> from(env)).as(name).isInstanceOf(ConfigException.class)
                .hasMessageContaining(name).hasMessageContaining(problem);
    }

    private static TriggerConfig from(Map<String, String> env) {
        return TriggerConfig.from(Settings.of(env));
    }
}
