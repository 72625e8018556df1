package io.breedline.testkit;

import io.breedline.clients.kafka.KafkaSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** A running Kafka cluster for integration tests: one broker, auto-created topics, transactions enabled. */
public interface KafkaServer {

    String bootstrapServers();

    /** Settings as the services read them from BREEDLINE_KAFKA_*, pointing at this server. */
    default KafkaSettings settings() {
        return KafkaSettings.of(bootstrapServers());
    }

    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates a topic with one replica and waits until the controller has created it. */
    default void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    default void createTopic(String name, int partitions, Map<String, String> topicConfig) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(topicConfig))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topic " + name + ": " + e.getCause(), e.getCause());
        }
    }
}
