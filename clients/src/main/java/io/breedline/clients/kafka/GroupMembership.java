package io.breedline.clients.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How a service's consumer belongs to its group, so that a member killed without a goodbye hands its partitions on in
 * seconds rather than after Kafka's default 45 s session:
 * <ul>
 *   <li>static membership: {@code group.instance.id} is the member's own id (the worker id, the sink id). A
 *       replacement started under the same id (a StatefulSet pod, a restarted container) takes the dead member's
 *       partitions back at once, without a rebalance and without waiting for its session to expire;</li>
 *   <li>a short session ({@value #SESSION_TIMEOUT_MS_DEFAULT} ms, heartbeats every
 *       {@value #HEARTBEAT_INTERVAL_MS_DEFAULT} ms, from the client's own heartbeat thread, so a long model call does not
 *       delay them): a member that dies and is not replaced is declared dead after at most that long, and the
 *       survivors take its partitions. 6 s is the broker's default {@code group.min.session.timeout.ms}. The
 *       survivors learn of the rebalance from a heartbeat's answer, so a heartbeat a second keeps that wait short.</li>
 * </ul>
 * With Kafka 4's consumer group protocol ({@code BREEDLINE_KAFKA_GROUP_PROTOCOL=consumer}) the session is the
 * broker's {@code group.consumer.session.timeout.ms} (45 s by default, at least 45 s unless the broker's minimum is
 * lowered): the client may not set it, so only the static id is given. The operator's {@code BREEDLINE_KAFKA_*}
 * values win over these defaults.
 */
public final class GroupMembership {
    public static final int SESSION_TIMEOUT_MS_DEFAULT = 6000;
    public static final int HEARTBEAT_INTERVAL_MS_DEFAULT = 1000;

    private GroupMembership() {}

    /** Consumer properties for a member called {@code memberId}; put them before the operator's own. */
    public static Map<String, Object> defaults(KafkaSettings kafka, String memberId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, memberId);
        if (classic(kafka)) {
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS_DEFAULT);
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS_DEFAULT);
        }
        return p;
    }

    /** The session timeout in force for these settings (the operator's, or ours), for log lines. */
    public static Duration sessionTimeout(Map<String, Object> consumerProps) {
        Object v = consumerProps.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        return v == null ? Duration.ofSeconds(45) : Duration.ofMillis(Long.parseLong(v.toString().strip()));
    }

    /** Whether the consumers use Kafka's classic group protocol (the default) rather than KIP-848's. */
    public static boolean classic(KafkaSettings kafka) {
        String protocol = String.valueOf(kafka.clientProperties().getOrDefault("group.protocol", "classic"));
        return protocol.toLowerCase(Locale.ROOT).equals("classic");
    }
}
