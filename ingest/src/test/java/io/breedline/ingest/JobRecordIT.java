package io.breedline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import io.breedline.contracts.Json;
import io.breedline.contracts.Topics;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRecordIT {
    @TempDir Path tmp;

    @Test
    void eachRunRecordsItsJobOnACompactedTopicThatASecondRunReuses() throws Exception {
        KafkaServer kafka = TestServers.kafka();
        String images = Names.unique("images");
        String jobs = Names.unique("jobs");
        Path root = Files.createDirectories(tmp.resolve("photos"));
        for (int i = 0; i < 7; i++) {
            Files.write(root.resolve("dog-" + i + ".png"), new byte[] {1});
        }
        IngestConfig config = IngestConfig.of(kafka.settings(), S3Settings.from(Settings.of(Map.of())))
                .withTopics(new Topics(images, images + ".predictions", images + ".dead"));

        IngestSummary first = new Ingestor(config, ProgressListener.NONE, jobs).run(root.toString());
        IngestSummary second = new Ingestor(config, ProgressListener.NONE, jobs).run(root.toString());

        try (Admin admin = kafka.admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, jobs);
            Config described = admin.describeConfigs(Set.of(topic)).all().get().get(topic);
            assertThat(described.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        List<JobRecord> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.readAll(kafka.bootstrapServers(), jobs)) {
            JobRecord job = Json.readJobRecord(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(job.jobId());
            records.add(job);
        }
        for (IngestSummary run : List.of(first, second)) {
            List<JobRecord> ofRun = records.stream().filter(j -> j.jobId().equals(run.jobId())).toList();
            assertThat(ofRun).extracting(JobRecord::state).startsWith(JobState.STARTED).endsWith(JobState.COMPLETE);
            assertThat(ofRun.get(ofRun.size() - 1).published()).isEqualTo(7);
        }
        assertThat(first.jobId()).isNotEqualTo(second.jobId());
    }
}
