package io.breedline.service.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import io.breedline.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class JobTopicReaderTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("jobs", 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());

    @Test
    void aMissingTopicMeansNoJobs() {
        try (JobTopicReader reader = new JobTopicReader(consumer, "jobs", Duration.ofSeconds(1))) {
            reader.refresh();

            assertThat(reader.jobsNewestFirst()).isEmpty();
            assertThat(reader.job("job-1")).isEmpty();
        }
    }

    @Test
    void keepsTheLatestRecordPerJobSkipsUnreadableOnesAndReadsOnlyWhatIsNewOnRefresh() {
        consumer.updatePartitions("jobs", List.of(new PartitionInfo("jobs", 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        JobRecord a = JobRecord.started("job-a", "/a", T);
        JobRecord b = JobRecord.started("job-b", "/b", T.plusSeconds(60));
        // Records can only be added once the reader has assigned the partition: on its first poll.
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(0, a));
            consumer.addRecord(record(1, b));
            consumer.addRecord(new ConsumerRecord<>("jobs", 0, 2, "job-a".getBytes(StandardCharsets.UTF_8),
                    "not json".getBytes(StandardCharsets.UTF_8)));
            consumer.addRecord(record(3, a.next(JobState.PUBLISHING, 10, 0, T.plusSeconds(2))));
        });
        consumer.updateEndOffsets(Map.of(P0, 4L));

        try (JobTopicReader reader = new JobTopicReader(consumer, "jobs", Duration.ofSeconds(5))) {
            reader.refresh();
            assertThat(reader.job("job-a")).get().extracting(JobRecord::published).isEqualTo(10L);
            assertThat(reader.jobsNewestFirst()).extracting(JobRecord::jobId).containsExactly("job-b", "job-a");

            consumer.schedulePollTask(() -> consumer.addRecord(record(4, a.next(JobState.COMPLETE, 12, 1, T.plusSeconds(3)))));
            consumer.updateEndOffsets(Map.of(P0, 5L));
            reader.refresh();
            assertThat(reader.job("job-a")).get().extracting(JobRecord::state).isEqualTo(JobState.COMPLETE);
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, JobRecord job) {
        return new ConsumerRecord<>("jobs", 0, offset, job.jobId().getBytes(StandardCharsets.UTF_8), Json.write(job));
    }
}
