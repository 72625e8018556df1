package io.breedline.sink.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ObjectNamesTest {
    private static final TopicPartition TP = new TopicPartition("breedline.predictions", 3);

    @Test
    void namesObjectsLikeKafkaConnectWithZeroPaddedStartOffsets() {
        assertThat(ObjectNames.key("results/run-1", TP, 1234, ".jsonl"))
                .isEqualTo("results/run-1/breedline.predictions/partition=3/breedline.predictions+3+00000000000000001234.jsonl");
        assertThat(ObjectNames.key("", TP, Long.MAX_VALUE, ".jsonl"))
                .isEqualTo("breedline.predictions/partition=3/breedline.predictions+3+09223372036854775807.jsonl");
    }

    @Test
    void theSameInputGivesTheSameKeyAndKeysSortByOffset() {
        assertThat(ObjectNames.key("p", TP, 7, ".jsonl")).isEqualTo(ObjectNames.key("p", TP, 7, ".jsonl"));
        assertThat(ObjectNames.key("p", TP, 999, ".jsonl")).isLessThan(ObjectNames.key("p", TP, 1000, ".jsonl"));
    }

    @Test
    void normalisesThePrefix() {
        assertThat(ObjectNames.folder("/out//a/", TP)).isEqualTo("out/a/breedline.predictions/partition=3/");
        assertThat(ObjectNames.folder(null, TP)).isEqualTo("breedline.predictions/partition=3/");
        assertThat(ObjectNames.folder("/", TP)).isEqualTo("breedline.predictions/partition=3/");
    }

    @Test
    void refusesNegativeOffsets() {
        assertThatThrownBy(() -> ObjectNames.key("p", TP, -1, ".jsonl")).hasMessageContaining("-1");
    }
}
