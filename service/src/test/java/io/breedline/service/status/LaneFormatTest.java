package io.breedline.service.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.Lane;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneFormatTest {
    private static final List<LaneBacklog> BEFORE = List.of(
            new LaneBacklog(Lane.PRIORITY, "breedline.images.priority", 24, 7, 100),
            new LaneBacklog(Lane.BULK, "breedline.images", 24, 18_000, 2_000));

    @Test
    void theTableListsThePriorityLaneFirstWithItsTopicPartitionsAndLag() {
        String table = LaneFormat.table("breedline-workers", BEFORE);

        assertThat(table.lines().toList()).hasSize(4);
        assertThat(table.lines().skip(1).findFirst().orElseThrow().split("\\s+"))
                .containsExactly("priority", "breedline.images.priority", "24", "7");
        assertThat(table.lines().skip(2).findFirst().orElseThrow().split("\\s+"))
                .containsExactly("bulk", "breedline.images", "24", "18000");
        assertThat(table).endsWith("consumer group breedline-workers\n");
    }

    @Test
    void aLineGivesEachLanesLagAndTheRecordsCommittedPerSecondSinceTheLastReading() {
        List<LaneBacklog> now = List.of(
                new LaneBacklog(Lane.PRIORITY, "breedline.images.priority", 24, 0, 120),
                new LaneBacklog(Lane.BULK, "breedline.images", 24, 17_000, 3_000));

        assertThat(LaneFormat.line("g", BEFORE, now, Duration.ofSeconds(10)))
                .isEqualTo("group=g priority.lag=0 priority.rate=2.0 bulk.lag=17000 bulk.rate=100.0");
        assertThat(LaneFormat.line("g", null, now, Duration.ZERO))
                .isEqualTo("group=g priority.lag=0 priority.rate=- bulk.lag=17000 bulk.rate=-");
    }

    @Test
    void aMissingTopicIsNamedSoInsteadOfShowingNoLag() {
        List<LaneBacklog> lanes = List.of(new LaneBacklog(Lane.PRIORITY, "p", 0, 0, 0),
                new LaneBacklog(Lane.BULK, "b", 4, 3, 0));

        assertThat(LaneFormat.table("g", lanes).lines().skip(1).findFirst().orElseThrow().split("\\s+"))
                .containsExactly("priority", "p", "missing", "-");
        assertThat(LaneFormat.line("g", lanes, lanes, Duration.ofSeconds(1))).startsWith("group=g priority.lag=missing priority.rate=- ");
    }
}
