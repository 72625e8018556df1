package io.breedline.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.contracts.Topics;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestServers;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class PriorityTopicSetupIT {
    private final KafkaServer kafka = TestServers.kafka();

    @Test
    void aMissingPriorityTopicGetsTheImagesTopicsPartitionCountAndAnExistingOneIsLeftAlone() throws Exception {
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("lanes"));
        kafka.createTopic(topics.images(), 3);
        PriorityTopicSetup.ensure(kafka.settings(), topics);
        assertThat(partitions(topics.priority())).isEqualTo(3);

        Topics other = Topics.defaults().withSuffix("." + Names.unique("lanes"));
        kafka.createTopic(other.images(), 3);
        kafka.createTopic(other.priority(), 2);
        PriorityTopicSetup.ensure(kafka.settings(), other);
        assertThat(partitions(other.priority())).as("the worker reports the mismatch; setup changes nothing").isEqualTo(2);
    }

    @Test
    void withoutAnImagesTopicNothingIsCreated() throws Exception {
        Topics topics = Topics.defaults().withSuffix("." + Names.unique("lanes"));
        PriorityTopicSetup.ensure(kafka.settings(), topics);
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain(topics.priority(), topics.images());
        }
    }

    // A topic just created may not be known to the next admin client's metadata yet: ask until it is.
    private int partitions(String topic) {
        int[] count = {0};
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (Admin admin = kafka.admin()) {
                count[0] = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            }
        });
        return count[0];
    }
}
