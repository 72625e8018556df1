package io.breedline.ingest.job;

import io.breedline.clients.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the jobs topic, compacted, when it is missing. Compaction keeps the latest record of every job forever,
 * however many progress records a job wrote, so a status reader can list old jobs and the topic stays small.
 */
public final class JobTopicSetup {
    private static final Logger log = LoggerFactory.getLogger(JobTopicSetup.class);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private JobTopicSetup() {}

    /**
     * Creates the topic (one partition, the broker's replication factor) unless it exists. Never throws: without it the
     * job records may land in an auto-created, uncompacted topic or fail to send, but the images still get published.
     */
    public static void ensure(KafkaSettings kafka, String topic) {
        Map<String, Object> props = new HashMap<>(kafka.common());
        // No longer than a producer send may block: a user who shortened max.block.ms wants a dead broker noticed soon.
        long timeoutMs = Math.min(TIMEOUT.toMillis(), maxBlockMs(props));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "breedline-ingest-jobs-admin");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        try (Admin admin = Admin.create(props)) {
            NewTopic jobs = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(jobs)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            log.info("created compacted jobs topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                log.warn("cannot create jobs topic {} ({}); job progress may not be recorded", topic, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("creating jobs topic {} timed out; job progress may not be recorded", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("cannot create jobs topic {} ({}); job progress may not be recorded", topic, e.toString());
        }
    }

    private static long maxBlockMs(Map<String, Object> props) {
        Object v = props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        try {
            return v == null ? Long.MAX_VALUE : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
