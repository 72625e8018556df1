package io.breedline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LaneTest {

    @Test
    void priorityTopicFollowsTheImagesTopic() {
        assertThat(Topics.defaults().priority()).isEqualTo("breedline.images.priority");
        assertThat(Topics.fromEnv(Map.of()).priority()).isEqualTo(Topics.PRIORITY_DEFAULT);
        assertThat(Topics.fromEnv(Map.of(Topics.IMAGES_ENV, "x")).priority()).isEqualTo("x.priority");
        assertThat(Topics.fromEnv(Map.of(Topics.PRIORITY_ENV, "p")).priority()).isEqualTo("p");
        assertThat(new Topics("a", "b", "c").priority()).isEqualTo("a.priority");
        assertThat(Topics.defaults().withSuffix(".x").priority()).isEqualTo(Topics.PRIORITY_DEFAULT + ".x");
        assertThat(Topics.defaults().lanes()).containsExactly(Topics.PRIORITY_DEFAULT, Topics.IMAGES_DEFAULT);
    }

    @Test
    void priorityTopicIsValidatedAndDistinct() {
        assertThatThrownBy(() -> Topics.fromEnv(Map.of(Topics.PRIORITY_ENV, "a b")))
                .hasMessageContaining("BREEDLINE_TOPIC_PRIORITY");
        assertThatThrownBy(() -> Topics.fromEnv(Map.of(Topics.PRIORITY_ENV, Topics.IMAGES_DEFAULT)))
                .hasMessageContaining("must differ");
    }

    @Test
    void eachLaneWritesToItsTopic() {
        Topics topics = Topics.defaults();
        assertThat(Lane.PRIORITY.topic(topics)).isEqualTo(topics.priority());
        assertThat(Lane.BULK.topic(topics)).isEqualTo(topics.images());
        assertThat(Lane.ofTopic(topics, topics.priority())).isEqualTo(Lane.PRIORITY);
        assertThat(Lane.ofTopic(topics, topics.images())).isEqualTo(Lane.BULK);
        assertThat(Lane.ofTopic(topics, topics.predictions())).isNull();
    }

    @Test
    void lanesParseByName() {
        assertThat(Lane.parse("Priority")).isEqualTo(Lane.PRIORITY);
        assertThat(Lane.parse("bulk")).isEqualTo(Lane.BULK);
        assertThat(Lane.BULK).hasToString("bulk");
        assertThatThrownBy(() -> Lane.parse("fast")).hasMessage("unknown lane 'fast'; expected one of priority, bulk");
    }
}
