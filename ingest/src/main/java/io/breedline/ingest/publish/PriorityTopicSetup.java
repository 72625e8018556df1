package io.breedline.ingest.publish;

import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.Topics;
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
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the priority lane's topic, when it is missing, with as many partitions as the images topic, before a publisher
 * of uploads (the trigger, the web page) writes to it: a broker that creates topics on first use would otherwise give it
 * its default count, and workers refuse a priority topic whose count differs from the images topic's (an image's
 * references of both lanes must land on partitions of the same number). Workers create it the same way; whichever
 * starts first does.
 */
public final class PriorityTopicSetup {
    private static final Logger log = LoggerFactory.getLogger(PriorityTopicSetup.class);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private PriorityTopicSetup() {}

    /** Never throws: without it the references still go out, and the worker says what is wrong with the topic. */
    public static void ensure(KafkaSettings kafka, Topics topics) {
        Map<String, Object> props = new HashMap<>(kafka.common());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "breedline-priority-topic-admin");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.keySet().removeIf(k -> !AdminClientConfig.configNames().contains(k) && ProducerConfig.configNames().contains(k));
        try (Admin admin = Admin.create(props)) {
            if (partitions(admin, topics.priority()).isPresent()) {
                return;
            }
            Optional<Integer> images = partitions(admin, topics.images());
            if (images.isEmpty()) {
                return; // nothing to match yet: the first worker creates both
            }
            admin.createTopics(List.of(new NewTopic(topics.priority(), Optional.of(images.get()), Optional.empty())))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("created the priority topic {} with {} partitions, as the images topic {}", topics.priority(),
                    images.get(), topics.images());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                log.warn("cannot create the priority topic {} ({}); create it with as many partitions as {}",
                        topics.priority(), e.getCause().toString(), topics.images());
            }
        } catch (TimeoutException e) {
            log.warn("checking the priority topic {} timed out", topics.priority());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("cannot check the priority topic {} ({})", topics.priority(), e.toString());
        }
    }

    private static Optional<Integer> partitions(Admin admin, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
